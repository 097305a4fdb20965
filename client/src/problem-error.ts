/**
 * A refused or failed request: the status and the server's RFC 9457 problem details
 * (`application/problem+json`). A body that is not one (a proxy's page, an empty answer) is
 * turned into one, so callers read the same fields either way.
 */
import type { Problem } from './types'

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as Problem).status === 'number' &&
  typeof (body as Problem).title === 'string'

export class ProblemError extends Error {
  override readonly name = 'ProblemError'
  readonly problem: Problem

  constructor(
    readonly status: number,
    body: unknown,
    readonly instance: string,
  ) {
    const problem: Problem = isProblem(body)
      ? body
      : {
          type: 'about:blank',
          title: `HTTP ${status}`,
          status,
          detail: typeof body === 'string' && body ? body.slice(0, 500) : `the server answered ${status}`,
          instance,
          code: 'http_error',
          error: { code: 'http_error', message: `the server answered ${status}` },
        }
    super(problem.detail || problem.title)
    this.problem = problem
  }

  /** The problem's machine-readable code (`not_found`, `conflict`, `validation_error`, …). */
  get code(): string {
    return this.problem.code
  }

  /** For an invalid request: each bad field as a JSON pointer and what is wrong with it. */
  get errors(): NonNullable<Problem['errors']> {
    return this.problem.errors ?? []
  }
}
