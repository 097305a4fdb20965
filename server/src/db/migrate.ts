import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SqlClient } from './sql'
import { ensureSupabaseLedger, recordInSupabaseLedger, supabaseApplied, supabaseVersion } from './supabase-ledger'

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

const checksumOf = (sql: string) => createHash('sha256').update(sql).digest('hex')

/**
 * Applies pending migrations in order, each in its own transaction, recording them in
 * `stark_migrations` with the sha256 of their text. Forward only: an applied migration is never
 * re-run or rolled back. Refuses a database with applied migrations this server does not know (a
 * newer schema) or whose applied files changed since.
 *
 * The Supabase CLI's ledger (`supabase_migrations.schema_migrations`) is read and written too: a
 * file `supabase db push` applied is recorded here as applied (not run again), a file the server
 * applies is recorded there, and a version there newer than every file this server knows is a
 * newer schema.
 */
export async function migrate(db: SqlClient, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  // Servers started together on a fresh database: one creates the ledgers, the others wait for it.
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`create table if not exists stark_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    );
    alter table stark_migrations enable row level security;
    alter table stark_migrations add column if not exists checksum text;`)
    await ensureSupabaseLedger(tx)
  })
  const known = new Map(migrations.map((m) => [m.name, checksumOf(m.sql)]))
  const versions = migrations.map((m) => supabaseVersion(m.name).version)
  const newest = versions.reduce((a, b) => (b > a ? b : a), '')
  const inSupabaseLedger = await supabaseApplied(db)
  const ahead = [...inSupabaseLedger].filter((v) => v.length === newest.length && v > newest)
  if (ahead.length > 0) {
    throw new Error(
      `the database schema is newer than this server knows (supabase_migrations: ${ahead.sort().join(', ')}); upgrade the server`,
    )
  }
  const ledger = await db.query<{ name: string; checksum: string | null }>('select name, checksum from stark_migrations')
  const unknown = ledger.filter((r) => !known.has(r.name)).map((r) => r.name)
  if (unknown.length > 0) {
    throw new Error(`the database schema is newer than this server knows (applied: ${unknown.join(', ')}); upgrade the server`)
  }
  const changed = ledger.filter((r) => r.checksum !== null && r.checksum !== known.get(r.name)).map((r) => r.name)
  if (changed.length > 0) {
    throw new Error(`applied migrations were changed since (${changed.join(', ')}): migrations are forward only; add a new one`)
  }
  // Rows written before checksums were kept get theirs now.
  for (const r of ledger.filter((x) => x.checksum === null)) {
    await db.query('update stark_migrations set checksum = $2 where name = $1 and checksum is null', [r.name, known.get(r.name)])
  }
  const applied: string[] = []
  const recorded = new Set(ledger.map((r) => r.name))
  for (const m of migrations) {
    // In both ledgers already (the usual start): the transaction below would change nothing.
    if (recorded.has(m.name) && inSupabaseLedger.has(supabaseVersion(m.name).version)) continue
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const seen = await tx.query('select 1 from stark_migrations where name = $1', [m.name])
      if (seen.length > 0) {
        await recordInSupabaseLedger(tx, m.name, m.sql)
        return false
      }
      // Applied by `supabase db push`: recorded here, not run again.
      const pushed = (await supabaseApplied(tx)).has(supabaseVersion(m.name).version)
      if (!pushed) await tx.exec(m.sql)
      await tx.query('insert into stark_migrations (name, checksum) values ($1, $2)', [m.name, known.get(m.name)])
      await recordInSupabaseLedger(tx, m.name, m.sql)
      return !pushed
    })
    if (done) applied.push(m.name)
  }
  return applied
}
