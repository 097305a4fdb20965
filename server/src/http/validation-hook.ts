import type { Context } from 'hono'
import { type FieldError, jsonPointer, problem } from './problem'

interface ZodIssueLike {
  path: readonly PropertyKey[]
  message: string
}

export function describeIssues(issues: readonly ZodIssueLike[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}

/** Where a validated part of the request sits, for the pointers: the body is the document root. */
const ROOTS: Record<string, string> = {
  json: '',
  form: '',
  query: '/query',
  param: '/param',
  header: '/header',
  cookie: '/cookie',
}

/** The invalid fields, each with a JSON pointer (at most 20). */
export function fieldErrors(issues: readonly ZodIssueLike[], target = 'json'): FieldError[] {
  return issues.slice(0, 20).map((i) => ({ pointer: jsonPointer(i.path, ROOTS[target] ?? `/${target}`), detail: i.message }))
}

/** Turns a failed request validation into a 400 problem naming every bad field. */
export function validationHook(
  result: { success: true } | { success: false; error: { issues: readonly ZodIssueLike[] }; target?: string },
  c: Context,
) {
  if (!result.success) {
    return problem(c, 400, 'bad_request', `invalid request: ${describeIssues(result.error.issues)}`, {
      errors: fieldErrors(result.error.issues, result.target),
    })
  }
  return undefined
}
