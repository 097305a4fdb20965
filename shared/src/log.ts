import { safeText, safeValue } from './text/safe-text'

/** A structured logger, injected. Fields are merged into the record (podId, nodeId, …). */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  child(fields: Record<string, unknown>): Logger
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
}

/** The part of a structured logger library (pino's shape) a Logger writes through. */
export interface LogSink {
  debug(fields: Record<string, unknown>, msg: string): void
  info(fields: Record<string, unknown>, msg: string): void
  warn(fields: Record<string, unknown>, msg: string): void
  error(fields: Record<string, unknown>, msg: string): void
  child(fields: Record<string, unknown>): LogSink
}

/** Record fields with every string made safe for a terminal. */
const safeFields = (fields: Record<string, unknown> | undefined) => (fields ? (safeValue(fields) as Record<string, unknown>) : {})

/** A Logger over a sink, the same for the server and the agents: messages and fields never reach a log raw. */
export function loggerOver(sink: LogSink): Logger {
  return {
    debug: (msg, fields) => sink.debug(safeFields(fields), safeText(msg)),
    info: (msg, fields) => sink.info(safeFields(fields), safeText(msg)),
    warn: (msg, fields) => sink.warn(safeFields(fields), safeText(msg)),
    error: (msg, fields) => sink.error(safeFields(fields), safeText(msg)),
    child: (fields) => loggerOver(sink.child(safeFields(fields))),
  }
}
