/**
 * Error answers as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
 * `status`, `detail`, `instance` (the request path), Stark's `code`, and for invalid requests
 * `errors`, each with a JSON pointer to the bad field. The `error: { code, message }` member of
 * Stark's first API is kept beside them, so older clients read the same message.
 */
import type { Context } from 'hono'
import type { ErrorCode } from '../errors'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** One invalid field: where (`/spec/replicas` in the body, `/query/limit`, `/param/name`) and why. */
export interface FieldError {
  pointer: string
  detail: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  code: ErrorCode | 'method_not_allowed' | 'idempotency_key_reused' | 'precondition_failed' | 'gone'
  errors?: FieldError[]
  details?: Record<string, unknown>
  error: { code: string; message: string; details?: Record<string, unknown> }
}

/** The problem type URI of a Stark error code (stable; documented in the API reference). */
export const problemType = (code: string) => `urn:stark:problem:${code.replaceAll('_', '-')}`

export function problemBody(
  status: number,
  code: Problem['code'],
  detail: string,
  instance: string,
  extra: { errors?: FieldError[]; details?: Record<string, unknown> } = {},
): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    instance,
    code,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.details ? { details: extra.details } : {}),
    error: { code, message: detail, ...(extra.details ? { details: extra.details } : {}) },
  }
}

/** The problem as a response, with the headers its status calls for. */
export function problem(
  c: Context,
  status: number,
  code: Problem['code'],
  detail: string,
  extra: { errors?: FieldError[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, ...extra.headers }
  if (status === 401) {
    // RFC 6750: say how to authenticate, and whether the token sent was the trouble.
    headers['www-authenticate'] = c.req.header('authorization')
      ? 'Bearer realm="stark", error="invalid_token"'
      : 'Bearer realm="stark"'
  }
  return new Response(JSON.stringify(problemBody(status, code, detail, c.req.path, extra)), { status, headers })
}

/** A JSON pointer (RFC 6901) to a field: `['spec', 'env', 'a/b']` in the body → `/spec/env/a~1b`. */
export function jsonPointer(path: readonly PropertyKey[], root = ''): string {
  return root + path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}
