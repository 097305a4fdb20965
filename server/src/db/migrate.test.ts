/**
 * The migration ledger on real PGlite: checksums kept, a newer schema and a changed applied file
 * refused; the Supabase CLI's ledger read (files `supabase db push` applied are not run again) and
 * written (files the server applied are listed there). Servers started together on a fresh
 * PostgreSQL database migrate it once between them.
 */
import { describe, expect, it } from 'vitest'
import { createPostgresDatabase, postgresTestUrl } from '../testing/databases'
import { openPglite } from './pglite-client'
import { openPostgres } from './postgres-client'
import { loadMigrations, migrate } from './migrate'
import { ensureSupabaseLedger, recordInSupabaseLedger } from './supabase-ledger'

describe('migrate', () => {
  it('keeps checksums, refuses an unknown applied migration and a changed applied one', async () => {
    const db = await openPglite()
    try {
      const all = loadMigrations()
      const older = all.slice(0, 3)
      expect(await migrate(db, older)).toEqual(older.map((m) => m.name))
      const [row] = await db.query<{ checksum: string }>('select checksum from stark_migrations where name = $1', [
        older[0]!.name,
      ])
      expect(row!.checksum).toMatch(/^[0-9a-f]{64}$/)
      expect(await migrate(db, older)).toEqual([])
      // A server that knows fewer migrations than the database has: refused.
      await expect(migrate(db, older.slice(0, 2))).rejects.toThrow(/newer than this server knows .*00300/)
      // An applied file whose text changed: refused.
      const edited = older.map((m, i) => (i === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m))
      await expect(migrate(db, edited)).rejects.toThrow(/were changed since/)
    } finally {
      await db.close()
    }
  }, 60_000)

  it('shares the ledger with the Supabase CLI', async () => {
    const db = await openPglite()
    try {
      const all = loadMigrations().slice(0, 4)
      // `supabase db push` applied the first two files and recorded them in its ledger.
      await ensureSupabaseLedger(db)
      for (const m of all.slice(0, 2)) {
        await db.exec(m.sql)
        await recordInSupabaseLedger(db, m.name, m.sql)
      }
      // The server runs only the others, and records every file in both ledgers.
      expect(await migrate(db, all.slice(0, 3))).toEqual([all[2]!.name])
      const ours = await db.query<{ name: string }>('select name from stark_migrations order by name')
      expect(ours.map((r) => r.name)).toEqual(all.slice(0, 3).map((m) => m.name))
      const theirs = await db.query<{ version: string; name: string }>(
        'select version, name from supabase_migrations.schema_migrations order by version',
      )
      expect(theirs.map((r) => `${r.version}_${r.name}.sql`)).toEqual(all.slice(0, 3).map((m) => m.name))
      // A file pushed by the CLI that this server does not know and that is newer than all it knows: refused.
      await recordInSupabaseLedger(db, '29991231000000_from_the_future.sql', 'select 1')
      await expect(migrate(db, all)).rejects.toThrow(/newer than this server knows \(supabase_migrations: 29991231000000\)/)
    } finally {
      await db.close()
    }
  }, 60_000)
  it.skipIf(!postgresTestUrl())(
    'lets servers started together on a fresh PostgreSQL database migrate it at once',
    async () => {
      for (let round = 0; round < 3; round++) {
        const fresh = await createPostgresDatabase(postgresTestUrl()!, 'stark_migrate')
        const clients = await Promise.all([1, 2, 3].map(() => openPostgres({ url: fresh.url, max: 1 })))
        try {
          const results = await Promise.all(clients.map((c) => migrate(c)))
          // Each migration applied exactly once, by one of them.
          expect(results.flat().sort()).toEqual(
            loadMigrations()
              .map((m) => m.name)
              .sort(),
          )
        } finally {
          for (const c of clients) await c.close()
          await fresh.drop()
        }
      }
    },
    120_000,
  )
})
