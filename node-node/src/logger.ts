/**
 * The agent's Logger (the interface from @stark/shared) over pino: one JSON object per line on
 * stderr — `level` (a word), `time` (ISO), `msg`, `service: 'node-agent'` and the record's fields
 * (nodeId, podId, …). `pretty: true` prints one readable line per record instead.
 */
import { pino, stdTimeFunctions, type Logger as Pino } from 'pino'
import type { Logger } from '@stark/shared'

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
  return wrap(instance)
}

function wrap(p: Pino): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => wrap(p.child(fields)),
  }
}

/** Reformats pino's JSON lines as `12:00:00.000 INFO  registered nodeId=n-1 podId=…`. */
export function prettyLines(out: { write(line: string): unknown }): { write(line: string): void } {
  return {
    write(line) {
      let record: Record<string, unknown>
      try {
        record = JSON.parse(line) as Record<string, unknown>
      } catch {
        out.write(line)
        return
      }
      const { level, time, msg, service: _service, ...fields } = record
      const clock = typeof time === 'string' ? time.slice(11, 23) : ''
      const extra = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
        .join(' ')
      out.write(`${clock} ${String(level).toUpperCase().padEnd(5)} ${String(msg ?? '')}${extra ? ` ${extra}` : ''}\n`)
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
