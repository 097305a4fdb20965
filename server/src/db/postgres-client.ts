import type postgres from 'postgres'
import { loadPostgres } from './postgres-driver'
import type { Sql, SqlClient } from './sql'

export interface PostgresOptions {
  url: string
  /** Pool size. */
  max?: number
  /** Seconds to wait for a connection before failing (so calls fail fast when the database is down). */
  connectTimeout?: number
  /** The connections' application_name (several servers on one database tell their writes apart by it). */
  applicationName?: string
}

/** Any PostgreSQL ≥ 15 (or a Supabase database) through the `postgres` driver. */
export async function openPostgres(options: PostgresOptions): Promise<SqlClient> {
  const sql = (await loadPostgres())(options.url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeout ?? 5,
    idle_timeout: 60,
    onnotice: () => {},
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
    // Dates come back as Date, jsonb as objects, bigint as string (we cast where it matters).
  })
  await sql`select 1` // fail now, with the driver's message, if the URL is wrong
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Sql => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      return (await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[]
    },
    async exec(text: string) {
      await q.unsafe(text)
    },
  })
  return {
    ...wrap(sql),
    engine: 'postgres',
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => sql.begin((tx) => fn(wrap(tx))) as Promise<T>,
    async listen(channel, onNotify, onListen) {
      const sub = await sql.listen(
        channel,
        (payload) => onNotify(payload),
        () => onListen?.(),
      )
      return () => sub.unlisten()
    },
    async close() {
      await sql.end({ timeout: 5 })
    },
  }
}
