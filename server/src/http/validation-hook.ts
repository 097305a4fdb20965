import type { Context } from 'hono'
import { errorBody } from './error-handler'

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

/** Turns a failed request validation into the standard 400 error body. */
export function validationHook(
  result: { success: true } | { success: false; error: { issues: readonly ZodIssueLike[] } },
  c: Context,
) {
  if (!result.success) {
    return c.json(errorBody('bad_request', `invalid request: ${describeIssues(result.error.issues)}`), 400)
  }
  return undefined
}
