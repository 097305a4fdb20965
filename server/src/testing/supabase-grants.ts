/**
 * Test databases as a Supabase project has them: its default privileges applied first
 * (supabase-default-grants.sql), then Stark's migrations. `before` stops the migrations at the
 * first one whose name sorts at or after it, to show what a later migration fixed.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadMigrations, migrate } from '../db/migrate'
import { openPglite } from '../db/pglite-client'
import { openPostgres } from '../db/postgres-client'
import type { SqlClient } from '../db/sql'
import { createPostgresDatabase, type Engine, postgresTestUrl } from './databases'

export const SUPABASE_DEFAULT_GRANTS = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'supabase-default-grants.sql'),
  'utf8',
)

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
