/**
 * The one error the CLI throws on purpose, and the exit codes it ends with. Only `runMain`
 * (main.ts) turns these into a process exit; everything else throws and returns.
 */

/** Exit codes (documented in `stark --help` and cli/README.md). */
export const ExitCode = {
  ok: 0,
  /** Anything else that went wrong (a refused request, a conflict, a failed bundle). */
  failure: 1,
  /** The command was called wrong: unknown command or option, missing or invalid argument. */
  usage: 2,
  /** Not logged in, or the session expired and could not be refreshed. */
  unauthenticated: 3,
  /** The pod, node or pack named does not exist (or is not yours to see). */
  notFound: 4,
  /** The server cannot be reached, or it (or its database) is unavailable. */
  unavailable: 5,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export class CLIError extends Error {
  override readonly name = 'CLIError'
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export const usageError = (message: string) => new CLIError(message, ExitCode.usage)

/** The exit code for an HTTP status the server answered with. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400 || status === 422) return ExitCode.usage
  if (status === 401) return ExitCode.unauthenticated
  if (status === 404) return ExitCode.notFound
  if (status === 502 || status === 503 || status === 504) return ExitCode.unavailable
  return ExitCode.failure
}

const CITTY_USAGE_CODES = new Set(['EARG', 'E_UNKNOWN_COMMAND', 'E_NO_COMMAND'])

/** True for citty's own usage errors (its CLIError class is not exported). */
export function isCittyUsageError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    error.name === 'CLIError' &&
    !(error instanceof CLIError) &&
    CITTY_USAGE_CODES.has(String((error as { code?: unknown }).code))
  )
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g
export const stripAnsi = (text: string) => text.replace(ANSI, '')

/** Any thrown value as a CLIError with one readable line. */
export function toCLIError(error: unknown): CLIError {
  if (error instanceof CLIError) return error
  if (isCittyUsageError(error)) return new CLIError(stripAnsi(error.message), ExitCode.usage, { cause: error })
  const message = error instanceof Error ? error.message : String(error)
  return new CLIError(stripAnsi(message).split('\n')[0] || 'unexpected error', ExitCode.failure, { cause: error })
}
