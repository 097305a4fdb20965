/**
 * The agent's Logger (the interface from @stark/shared) over pino: one JSON object per line on
 * stderr — `level` (a word), `time` (ISO), `msg`, `service: 'node-agent'` and the record's fields
 * (nodeId, podId, …). `pretty: true` prints one readable line per record instead. Messages and
 * string fields pass through `safeText`: what pods and the server send never reaches the log raw.
 */
import { pino, stdTimeFunctions } from 'pino'
import { type Logger, loggerOver, prettyLogLine } from '@stark/shared'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LoggerOptions {
  level?: LogLevel
  pretty?: boolean
  /** Where lines go (default: stderr, written synchronously so nothing is lost at exit). */
  destination?: { write(line: string): unknown }
  /** Fields on every record. */
  fields?: Record<string, unknown>
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true })
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'node-agent', ...options.fields },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.pretty ? prettyLines(destination) : destination,
  )
  return loggerOver(instance)
}

/** Reformats pino's JSON lines as `12:00:00.000 INFO  registered nodeId=n-1 podId=…` (the shared format). */
export function prettyLines(out: { write(line: string): unknown }): { write(line: string): void } {
  return {
    write(line) {
      out.write(`${prettyLogLine(line, { service: false })}\n`)
    },
  }
}

/** A logger that adds fields computed at each record (e.g. the nodeId once it is known). */
export function withDynamicFields(log: Logger, fields: () => Record<string, unknown>): Logger {
  const merged = (f?: Record<string, unknown>) => {
    const dynamic = Object.fromEntries(Object.entries(fields()).filter(([, v]) => v !== undefined))
    return { ...dynamic, ...f }
  }
  return {
    debug: (msg, f) => log.debug(msg, merged(f)),
    info: (msg, f) => log.info(msg, merged(f)),
    warn: (msg, f) => log.warn(msg, merged(f)),
    error: (msg, f) => log.error(msg, merged(f)),
    child: (f) => withDynamicFields(log.child(f), fields),
  }
}
