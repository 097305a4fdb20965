/**
 * Test databases as a Supabase project has them: its default privileges applied first
 * (SUPABASE_DEFAULT_GRANTS), then Stark's migrations. `before` stops the migrations at the
 * first one whose name sorts at or after it, to show what a later migration fixed.
 */
import { loadMigrations, migrate } from '../db/migrate'
import { openPglite } from '../db/pglite-client'
import { openPostgres } from '../db/postgres-client'
import type { SqlClient } from '../db/sql'
import { createPostgresDatabase, type Engine, postgresTestUrl } from './databases'

/** The API roles, created as Stark's own auth-shim migration creates them (its first statement): one text, no drift. */
function supabaseRoles(): string {
  const shim = loadMigrations().find((m) => m.name.endsWith('_auth_shim_and_roles.sql'))
  const end = shim?.sql.indexOf('$$;') ?? -1
  if (!shim || end < 0) throw new Error('the auth shim migration no longer starts by creating the API roles')
  return shim.sql.slice(0, end + 3)
}

/**
 * The privileges a Supabase project gives by default, applied to a fresh database BEFORE Stark's
 * migrations so that the tests meet what a Supabase deployment meets: the API roles exist, may use
 * `public`, and get ALL on every table, sequence and function created there afterwards (for the
 * role that runs the migrations), besides PostgreSQL's own EXECUTE for PUBLIC on functions.
 */
export const SUPABASE_DEFAULT_GRANTS = `${supabaseRoles()}

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
`

export interface GrantedDatabase {
  db: SqlClient
  /** Another session on the same database (PGlite has one session: the same client). */
  session(): Promise<{ db: SqlClient; close(): Promise<void> }>
  close(): Promise<void>
}

/** A fresh database with Supabase's default grants and Stark's migrations; null for postgres without a URL. */
export async function openSupabaseLikeDatabase(
  engine: Engine,
  options: { before?: string } = {},
): Promise<GrantedDatabase | null> {
  const migrations = loadMigrations().filter((m) => !options.before || m.name < options.before)
  if (engine === 'pglite') {
    const db = await openPglite()
    await db.exec(SUPABASE_DEFAULT_GRANTS)
    await migrate(db, migrations)
    return { db, session: async () => ({ db, close: async () => {} }), close: () => db.close() }
  }
  const base = postgresTestUrl()
  if (!base) return null
  const created = await createPostgresDatabase(base)
  const db = await openPostgres({ url: created.url, max: 5 })
  await db.exec(SUPABASE_DEFAULT_GRANTS)
  await migrate(db, migrations)
  const sessions: SqlClient[] = []
  return {
    db,
    async session() {
      const s = await openPostgres({ url: created.url, max: 1 })
      sessions.push(s)
      return { db: s, close: () => s.close() }
    },
    async close() {
      for (const s of sessions) await s.close().catch(() => {})
      await db.close().catch(() => {})
      await created.drop()
    },
  }
}
