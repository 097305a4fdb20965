/**
 * One place where errors become HTTP answers: RFC 9457 problem details (http/problem.ts) with a
 * fitting status. Domain errors carry their own; Hono's (bad JSON, body limit) are mapped;
 * anything else is logged and answered 500 without internals.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '@stark/shared'
import { isConnectionError } from '../db/sql'
import { StarkError, type ErrorCode } from '../errors'
import { problem } from './problem'

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

export function createErrorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof StarkError)
      return problem(c, err.status, err.code, err.message, err.details ? { details: err.details } : {})
    if (err instanceof HTTPException) {
      const status = err.status
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request')
      const message = status === 413 ? 'request body too large' : err.message || 'bad request'
      return problem(c, status, code, message)
    }
    if (isConnectionError(err)) return problem(c, 503, 'unavailable', 'the database is unavailable; try again shortly')
    log.error('unhandled error', { error: String(err), stack: err.stack, path: c.req.path })
    return problem(c, 500, 'internal', 'internal server error')
  }
}
