/** The migration ledger on real PGlite: checksums kept, a newer schema and a changed applied file refused. */
import { describe, expect, it } from 'vitest'
import { openPglite } from './pglite-client'
import { loadMigrations, migrate } from './migrate'

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
})
