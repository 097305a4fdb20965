/**
 * Structured logs: JSON lines (`time` as ISO 8601, `level` as a word, `service`, `msg` and fields
 * such as nodeId, podId, requestId, userId) through pino, or one readable line per record when
 * `pretty` is set. `context` adds fields of the work in progress (the request's id and user).
 */
import pino from 'pino'
import type { Logger } from '@stark/shared'

export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  pretty?: boolean
  service?: string
  destination?: NodeJS.WritableStream
  /** Fields added to every record written while they apply (e.g. the current request's requestId and userId). */
  context?: () => Record<string, unknown>
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }

function prettyStream(out: NodeJS.WritableStream): NodeJS.WritableStream {
  return {
    write(chunk: string) {
      try {
        const { time, level, msg, service, ...rest } = JSON.parse(chunk) as Record<string, unknown>
        const fields = Object.entries(rest)
          .filter(([k]) => k !== 'pid' && k !== 'hostname')
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')
        const t = new Date(time as string | number).toISOString().slice(11, 23)
        out.write(`${t} ${(LEVEL_NAMES[level as number] ?? level)!.toString().toUpperCase().padEnd(5)} [${service}] ${msg}${fields ? `  ${fields}` : ''}\n`)
      } catch {
        out.write(chunk)
      }
      return true
    },
  } as unknown as NodeJS.WritableStream
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => wrap(p.child(fields)),
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stderr
  const p = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service ?? 'server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.context ? { mixin: options.context } : {}),
      formatters: { level: (label, number) => (options.pretty ? { level: number } : { level: label }) },
    },
    (options.pretty ? prettyStream(out) : out) as pino.DestinationStream,
  )
  return wrap(p)
}
