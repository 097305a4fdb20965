import type postgres from 'postgres'

/**
 * The `postgres` driver, loaded when a PostgreSQL connection is first opened: a server on PGlite
 * never needs it, and its modules are a measurable part of a server's start.
 */
export async function loadPostgres(): Promise<typeof postgres> {
  return (await import('postgres')).default
}
