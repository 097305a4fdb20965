/**
 * The one readable form of a structured log record, for the server's and the agents' `pretty`
 * output: `12:00:00.000 INFO  [server] message key=value key="two words"`. Every string is passed
 * through `safeText`, so nothing a tenant put in a message or field reaches a terminal raw.
 */
import { safeText } from './text/safe-text'

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }

/** Fields every record carries that the readable form leaves out. */
const HIDDEN = new Set(['pid', 'hostname'])

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? safeText(v) : safeText(JSON.stringify(v))
  return safeText(JSON.stringify(v) ?? String(v))
}

export interface PrettyOptions {
  /** Print the record's `service` as `[service]` (default true). */
  service?: boolean
}

/** One record (as pino writes it: `level`, `time`, `msg`, `service` and fields) as one line, without the newline. */
export function formatLogRecord(record: Record<string, unknown>, options: PrettyOptions = {}): string {
  const { level, time, msg, service, ...fields } = record
  const at = typeof time === 'number' || typeof time === 'string' ? new Date(time) : undefined
  const clock = at && !Number.isNaN(at.getTime()) ? at.toISOString().slice(11, 23) : ''
  const name = typeof level === 'number' ? (LEVEL_NAMES[level] ?? String(level)) : String(level ?? '')
  const extra = Object.entries(fields)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${safeText(k)}=${fieldValue(v)}`)
    .join(' ')
  const who = options.service !== false && service !== undefined ? `[${safeText(String(service))}] ` : ''
  return `${clock} ${name.toUpperCase().padEnd(5)} ${who}${safeText(String(msg ?? ''))}${extra ? ` ${extra}` : ''}`
}

/** One line of a JSON log stream as its readable line (without the newline); a line that is not JSON is shown as safe text. */
export function prettyLogLine(line: string, options: PrettyOptions = {}): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(line) as Record<string, unknown>
  } catch {
    return safeText(line.replace(/\n$/, ''))
  }
  return formatLogRecord(record, options)
}
