/**
 * One place where errors become HTTP answers: `{ error: { code, message } }` with a fitting
 * status. Domain errors carry their own; Hono's (bad JSON, body limit) are mapped; anything else
 * is logged and answered 500 without internals.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from '@stark/shared'
import { isConnectionError } from '../db/sql'
import { StarkError, type ErrorCode } from '../errors'

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
}

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } }
}

export function createErrorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof StarkError)
      return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode)
    if (err instanceof HTTPException) {
      const status = err.status
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request')
      const message = status === 413 ? 'request body too large' : err.message || 'bad request'
      return c.json(errorBody(code, message), status as ContentfulStatusCode)
    }
    if (isConnectionError(err)) return c.json(errorBody('unavailable', 'the database is unavailable; try again shortly'), 503)
    log.error('unhandled error', { error: String(err), stack: err.stack, path: c.req.path })
    return c.json(errorBody('internal', 'internal server error'), 500)
  }
}
