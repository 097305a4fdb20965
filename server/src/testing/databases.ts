/**
 * Real databases for tests: PGlite (from a migrated template dump, so each test skips initdb)
 * and PostgreSQL (a fresh database per call on STARK_TEST_DATABASE_URL's server).
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { loadMigrations, migrate } from '../db/migrate'
import { openPglite } from '../db/pglite-client'
import { openPostgres } from '../db/postgres-client'
import type { SqlClient } from '../db/sql'

/** A gzip dump of a migrated database (built once per migration set, cached in the temp dir). */
export async function templateDump(): Promise<Blob> {
  const migrations = loadMigrations()
  const hash = createHash('sha256')
    .update(migrations.map((m) => m.name + m.sql).join('\n'))
    .digest('hex')
    .slice(0, 16)
  const file = join(tmpdir(), `stark-pglite-template-${hash}.tar.gz`)
  if (!existsSync(file)) {
    const db = await openPglite()
    await migrate(db, migrations)
    const dump = await (db as unknown as { db: PGlite }).db.dumpDataDir('gzip')
    await db.close()
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
    renameSync(tmp, file)
  }
  return new Blob([readFileSync(file)])
}

/** An in-memory PGlite with every migration applied. */
export async function openTestPglite(): Promise<SqlClient> {
  return openPglite({ loadDataDir: await templateDump() })
}

export const postgresTestUrl = (): string | undefined => process.env.STARK_TEST_DATABASE_URL || undefined

/** How old a test or benchmark database must be before a later run takes it for left behind. */
export const STALE_DATABASE_MS = 6 * 3600_000

/** `<prefix>_<creation second, base 36>_<12 hex>`: the name tells when its database was made. */
export const databaseName = (prefix: string, now: number, random = randomBytes(6).toString('hex')): string =>
  `${prefix}_${Math.floor(now / 1000).toString(36)}_${random}`

const dropDatabase = (admin: SqlClient, name: string) => admin.exec(`drop database if exists ${name} with (force)`)

/**
 * Drops the databases of `prefix` that a run made more than `maxAgeMs` ago and never dropped (it
 * was killed): no test or benchmark runs that long. Names without the creation time are left alone.
 * `admin` is a connection to any database of that server.
 */
export async function sweepStaleDatabases(
  admin: SqlClient,
  prefix: string,
  now: number,
  maxAgeMs = STALE_DATABASE_MS,
): Promise<string[]> {
  const own = new RegExp(`^${prefix}_([0-9a-z]+)_[0-9a-f]{12}$`)
  const rows = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [
    `${prefix}_`,
  ])
  const dropped: string[] = []
  for (const { datname: name } of rows) {
    const made = own.exec(name)?.[1]
    if (made === undefined || now - Number.parseInt(made, 36) * 1000 <= maxAgeMs) continue
    // Another run may be sweeping it too, or the role may not own it: what cannot go stays.
    if (
      await dropDatabase(admin, name).then(
        () => true,
        () => false,
      )
    )
      dropped.push(name)
  }
  return dropped
}

/**
 * A new, empty database on `base`'s server (named by `databaseName`): its URL, and `drop()`. Those
 * of its prefix that killed runs left behind are swept first, on the same connection.
 */
export async function createPostgresDatabase(
  base: string,
  prefix = 'stark_test',
  now = Date.now(),
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = databaseName(prefix, now)
  const admin = await openPostgres({ url: base, max: 1 })
  try {
    await sweepStaleDatabases(admin, prefix, now)
    await admin.exec(`create database ${name}`)
  } finally {
    await admin.close()
  }
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const a = await openPostgres({ url: base, max: 1 })
      try {
        await dropDatabase(a, name)
      } finally {
        await a.close()
      }
    },
  }
}

/** A fresh, migrated PostgreSQL database; `drop()` removes it. Null when no server is configured. */
export async function openTestPostgres(): Promise<{ db: SqlClient; url: string; drop(): Promise<void> } | null> {
  const base = postgresTestUrl()
  if (!base) return null
  const created = await createPostgresDatabase(base)
  const db = await openPostgres({ url: created.url, max: 5 })
  await migrate(db)
  return {
    db,
    url: created.url,
    async drop() {
      await db.close().catch(() => {})
      await created.drop()
    },
  }
}

export type Engine = 'pglite' | 'postgres'

/** Opens a test database on an engine; the postgres engine is skipped (null) without a URL. */
export async function openTestDatabase(engine: Engine): Promise<{ db: SqlClient; close(): Promise<void> } | null> {
  if (engine === 'pglite') {
    const db = await openTestPglite()
    return { db, close: () => db.close() }
  }
  const pg = await openTestPostgres()
  return pg ? { db: pg.db, close: pg.drop } : null
}

/** Engines to run a suite on; logs loudly when PostgreSQL is skipped. */
export function testEngines(): Engine[] {
  if (postgresTestUrl()) return ['pglite', 'postgres']
  console.warn('[stark] STARK_TEST_DATABASE_URL is not set: PostgreSQL halves of the store suites are SKIPPED')
  return ['pglite']
}
