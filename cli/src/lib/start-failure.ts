/** Why `stark server start` could not start, as one readable line and an exit code. */
import { CLIError, ExitCode, usageError } from './errors'

/** `postgres://user:secret@db:5432/stark` → `db:5432/stark` (never print the password). */
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url)
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname === '/' ? '' : u.pathname}`
}

export function checkDatabaseUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw usageError('--database-url / DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)')
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw usageError(`--database-url / DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`)
  }
}

/** Error codes that mean the database is not there (or refuses us), as opposed to a broken query. */
const DATABASE_DOWN =
  /^(08|28|3D|57P)|^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED)$/

export interface ListenTarget {
  host: string
  port: number
  databaseUrl?: string | undefined
}

export function startFailure(error: unknown, where: ListenTarget, isLocked: (e: unknown) => boolean): CLIError {
  const message = error instanceof Error ? error.message : String(error)
  const code = String((error as { code?: unknown } | null)?.code ?? '')
  if (isLocked(error)) return new CLIError(message, ExitCode.failure, { cause: error })
  if (code === 'EADDRINUSE') {
    return new CLIError(
      `${where.host}:${where.port} is already in use (another Stark server?): stop it or pick another --port`,
      ExitCode.failure,
      { cause: error },
    )
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
    return new CLIError(`cannot listen on ${where.host}:${where.port}: ${message}`, ExitCode.failure, { cause: error })
  if (where.databaseUrl) {
    const db = describeDatabaseUrl(where.databaseUrl)
    return new CLIError(
      `cannot use the database at ${db}: ${message || code}`,
      DATABASE_DOWN.test(code) ? ExitCode.unavailable : ExitCode.failure,
      { cause: error },
    )
  }
  return new CLIError(`the server could not start: ${message}`, ExitCode.failure, { cause: error })
}
