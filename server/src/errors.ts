/**
 * Domain errors. Handlers and services throw these; the HTTP layer maps them to a status and
 * `{ error: { code, message } }` in one place, the WebSocket gateway to an `error` message.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

export class StarkError extends Error {
  override readonly name = 'StarkError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
  get status(): number {
    return STATUS[this.code]
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new StarkError('bad_request', message, details)
export const unauthorized = (message = 'authentication required') => new StarkError('unauthorized', message)
export const forbidden = (message = 'not allowed') => new StarkError('forbidden', message)
export const notFound = (what: string) => new StarkError('not_found', `${what} not found`)
export const conflict = (message: string) => new StarkError('conflict', message)
export const unavailable = (message: string) => new StarkError('unavailable', message)
export const rateLimited = (message = 'too many requests; slow down') => new StarkError('rate_limited', message)
