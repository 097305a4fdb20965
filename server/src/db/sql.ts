/**
 * The database port: the little the rest of the server needs from PostgreSQL. Two adapters
 * implement it, PGlite (embedded, default) and the `postgres` driver (any PostgreSQL ≥ 15 or a
 * Supabase database); every repository speaks only this.
 */
export type Row = Record<string, unknown>

export interface Sql {
  /** One parameterised statement ($1, $2 …). */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>
}

export interface SqlClient extends Sql {
  readonly engine: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  /**
   * LISTEN on a channel; resolves to an unlisten function. `onListen` runs each time the listening
   * connection is (re)established: notifications sent while it was down are lost.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/** Thrown (wrapped) when the database cannot be reached, so the API can answer 503. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
])

/** True for errors that mean "the database is not there right now", not "the query is wrong". */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && CONNECTION_CODES.has(code)
}
