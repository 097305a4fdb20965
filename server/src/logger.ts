/**
 * Structured logs: JSON lines (`time` as ISO 8601, `level` as a word, `service`, `msg` and fields
 * such as nodeId, podId, requestId, userId) through pino, or one readable line per record when
 * `pretty` is set. Messages and string fields pass through `safeText`: control characters and
 * terminal escapes from tenants (log lines, error messages, request paths) never reach a log raw. `context` adds fields of the work in progress (the request's id and user).
 */
import pino from 'pino'
import { type Logger, loggerOver, prettyLogLine, safeValue } from '@stark/shared'

export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  pretty?: boolean
  service?: string
  destination?: NodeJS.WritableStream
  /** Fields added to every record written while they apply (e.g. the current request's requestId and userId). */
  context?: () => Record<string, unknown>
}

/** Each JSON record re-written as one readable line (the shared format). */
function prettyStream(out: NodeJS.WritableStream): NodeJS.WritableStream {
  return {
    write(chunk: string) {
      out.write(`${prettyLogLine(chunk)}\n`)
      return true
    },
  } as unknown as NodeJS.WritableStream
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stderr
  const p = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service ?? 'server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.context ? { mixin: () => safeValue(options.context!()) as Record<string, unknown> } : {}),
      formatters: { level: (label, number) => (options.pretty ? { level: number } : { level: label }) },
    },
    (options.pretty ? prettyStream(out) : out) as pino.DestinationStream,
  )
  return loggerOver(p)
}
