import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { lockDirectory } from './dir-lock'
import type { Sql, SqlClient } from './sql'

export interface PgliteOptions {
  /** A directory, or undefined for an in-memory database. */
  dataDir?: string
  /** A gzip'd data directory dump to start from (tests: skips initdb). */
  loadDataDir?: Blob
}

/** The embedded store: PGlite in a locked data directory (or in memory). */
export async function openPglite(options: PgliteOptions = {}): Promise<SqlClient & { db: PGlite }> {
  const lock = options.dataDir ? lockDirectory(options.dataDir) : undefined
  let db: PGlite
  try {
    if (options.dataDir) mkdirSync(dirname(options.dataDir), { recursive: true })
    db = await PGlite.create(options.dataDir ?? 'memory://', options.loadDataDir ? { loadDataDir: options.loadDataDir } : {})
  } catch (error) {
    lock?.release()
    throw error
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      const res = await q.query<T>(text, params as unknown[] | undefined)
      return res.rows
    },
    async exec(text: string) {
      await q.exec(text)
    },
  })
  return {
    ...wrap(db),
    db,
    engine: 'pglite',
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onNotify) {
      const off = await db.listen(channel, onNotify)
      return async () => off()
    },
    async close() {
      try {
        await db.close()
      } finally {
        lock?.release()
      }
    },
  }
}
