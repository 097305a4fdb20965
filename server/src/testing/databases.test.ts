import { describe, expect, it } from 'vitest'
import { openPostgres } from '../db/postgres-client'
import { createPostgresDatabase, databaseName, postgresTestUrl, STALE_DATABASE_MS, sweepStaleDatabases } from './databases'

describe('test and benchmark databases', () => {
  it('are named with their creation time', () => {
    expect(databaseName('stark_bench', 1_700_000_000_000, 'a1b2c3d4e5f6')).toBe(
      `stark_bench_${(1_700_000_000).toString(36)}_a1b2c3d4e5f6`,
    )
  })

  it.skipIf(!postgresTestUrl())(
    'left behind by a killed run are dropped by a later one; newer and unknown ones stay',
    async () => {
      const base = postgresTestUrl()!
      const prefix = 'stark_sweepcheck'
      const now = Date.now()
      const old = databaseName(prefix, now - STALE_DATABASE_MS - 60_000)
      const recent = databaseName(prefix, now - 60_000)
      const foreign = `${prefix}_a1b2c3d4e5f6` // the older naming, without a time: not ours to judge
      const admin = await openPostgres({ url: base, max: 1 })
      const names = async () =>
        (await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [`${prefix}_`]))
          .map((r) => r.datname)
          .sort()
      try {
        for (const name of [old, recent, foreign]) await admin.exec(`create database ${name}`)
        // A new database of the prefix sweeps first.
        const fresh = await createPostgresDatabase(base, prefix, now)
        const after = await names()
        expect(after).not.toContain(old)
        expect(after).toEqual(expect.arrayContaining([recent, foreign, new URL(fresh.url).pathname.slice(1)]))
        await fresh.drop()
        // Nothing stale left: a sweep finds nothing to drop.
        expect(await sweepStaleDatabases(admin, prefix, now)).toEqual([])
      } finally {
        for (const name of [old, recent, foreign]) await admin.exec(`drop database if exists ${name} with (force)`)
        await admin.close()
      }
    },
    60_000,
  )
})
