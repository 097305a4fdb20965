/**
 * Structured logs: JSON lines (`time` as ISO 8601, `level` as a word, `service`, `msg` and fields
 * such as nodeId, podId, requestId, userId) through pino, or one readable line per record when
 * `pretty` is set. Messages and string fields pass through `safeText`: control characters and
 * terminal escapes from tenants (log lines, error messages, request paths) never reach a log raw. `context` adds fields of the work in progress (the request's id and user).
 */
import pino from 'pino'
import { formatLogRecord, safeText, safeValue, type Logger } from '@stark/shared'

/** Record fields with every string made safe for a terminal (control characters never reach a log raw). */
const safeFields = (fields: Record<string, unknown> | undefined) => (fields ? (safeValue(fields) as Record<string, unknown>) : {})

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
      let record: Record<string, unknown>
      try {
        record = JSON.parse(chunk) as Record<string, unknown>
      } catch {
        out.write(safeText(chunk.replace(/\n$/, '')) + '\n')
        return true
      }
      out.write(`${formatLogRecord(record)}\n`)
      return true
    },
  } as unknown as NodeJS.WritableStream
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields) => p.debug(safeFields(fields), safeText(msg)),
    info: (msg, fields) => p.info(safeFields(fields), safeText(msg)),
    warn: (msg, fields) => p.warn(safeFields(fields), safeText(msg)),
    error: (msg, fields) => p.error(safeFields(fields), safeText(msg)),
    child: (fields) => wrap(p.child(safeFields(fields))),
  }
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
  return wrap(p)
}
