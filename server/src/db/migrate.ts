import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SqlClient } from './sql'

export interface Migration {
  name: string
  sql: string
}

/** Finds `supabase/migrations` by walking up from this module (works from src/ and dist/). */
export function findMigrationsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'supabase', 'migrations')
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) throw new Error(`supabase/migrations not found above ${from}`)
  }
}

export function loadMigrations(dir = findMigrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}

// Arbitrary but fixed: serialises migration runs of several servers on one database.
const MIGRATION_LOCK = 727_274_001

/**
 * Applies pending migrations in order, each in its own transaction, recording them in
 * `stark_migrations`. Forward only: an applied migration is never re-run or rolled back.
 */
export async function migrate(db: SqlClient, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists stark_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  );
  alter table stark_migrations enable row level security;`)
  const applied: string[] = []
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const seen = await tx.query('select 1 from stark_migrations where name = $1', [m.name])
      if (seen.length > 0) return false
      await tx.exec(m.sql)
      await tx.query('insert into stark_migrations (name) values ($1)', [m.name])
      return true
    })
    if (done) applied.push(m.name)
  }
  return applied
}
