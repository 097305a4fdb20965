/**
 * The Supabase CLI's migration ledger, `supabase_migrations.schema_migrations` (one row per
 * applied file: `version` is the file name's timestamp prefix, `name` the rest, `statements` its
 * text). `supabase db push` records there what it applied; the server reads the same ledger, so a
 * file applied by either is not applied again by the other, and records there what it applies
 * itself, so `supabase migration list` and `db push` see it as applied.
 */
import type { Sql } from './sql'

/** `20261206100000_cluster.sql` → version `20261206100000`, name `cluster`. */
export function supabaseVersion(file: string): { version: string; name: string } {
  const m = /^(\d+)_(.+?)(\.sql)?$/.exec(file)
  if (!m) throw new Error(`not a migration file name: ${file}`)
  return { version: m[1]!, name: m[2]! }
}

/** Creates the ledger as the Supabase CLI does when it is not there yet (on any PostgreSQL). */
export async function ensureSupabaseLedger(sql: Sql): Promise<void> {
  await sql.exec(`create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
    revoke all on schema supabase_migrations from public;`)
}

/** The versions the Supabase CLI (or a server) recorded as applied. */
export async function supabaseApplied(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
  return new Set(rows.map((r) => r.version))
}

/** Records an applied file in the Supabase CLI's ledger (kept if it is there already). */
export async function recordInSupabaseLedger(sql: Sql, file: string, text: string): Promise<void> {
  const { version, name } = supabaseVersion(file)
  await sql.query(
    `insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])
     on conflict (version) do nothing`,
    [version, name, text],
  )
}
