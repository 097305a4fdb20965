/**
 * Dedicated database sessions for the cluster machinery: the leader's lock connection and the
 * change feed's listening connection live apart from the query pool, so a busy pool never delays
 * a leadership check and a pool connection recycled by age never drops the lock.
 */
import type postgres from 'postgres'
import { loadPostgres } from '../db/postgres-driver'
import type { SqlClient } from '../db/sql'
import type { LeaderSession } from './leader-election'

/** The application_name of a server's connections: the change feed tells its own writes apart by it. */
export const applicationName = (serverId: string) => `stark/${serverId}`

/**
 * One PostgreSQL connection that is never recycled. The database is told to probe the peer every
 * second, so a leader whose machine vanished loses its lock within a few seconds.
 */
export async function openPostgresSession(url: string, serverId: string): Promise<LeaderSession> {
  const sql = (await loadPostgres())(url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    connect_timeout: 3,
    keep_alive: 1,
    onnotice: () => {},
    connection: { application_name: `${applicationName(serverId)}/leader` },
  })
  try {
    await sql.unsafe('set tcp_keepalives_idle = 1; set tcp_keepalives_interval = 1; set tcp_keepalives_count = 3')
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {})
    throw error
  }
  return {
    query: async <T>(text: string, params?: readonly unknown[]) =>
      (await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    close: () => sql.end({ timeout: 0 }),
  }
}

/** The embedded store is one process with one session: the session is the database itself. */
export function embeddedSession(db: SqlClient): LeaderSession {
  return { query: (text, params) => db.query(text, params), close: async () => {} }
}
