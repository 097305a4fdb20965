import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { lockDirectory } from './dir-lock'
import { ensurePrivateDir, privatizeTree } from './private-dir'
import type { Sql, SqlClient } from './sql'

export interface PgliteOptions {
  /** A directory, or undefined for an in-memory database. */
  dataDir?: string
  /** A gzip'd data directory dump to start from (tests: skips initdb). */
  loadDataDir?: Blob
  /** A dump to unpack into a NEW data directory instead of running initdb (default: the build's template). */
  template?: string | null
}

/** The migrated template written at build time next to the built server (absent when running from sources). */
function defaultTemplate(): string | null {
  const path = fileURLToPath(new URL('./pglite-template.tar.gz', import.meta.url))
  return existsSync(path) ? path : null
}

const isNewDirectory = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0

/** The embedded store: PGlite in a locked data directory (or in memory). */
export async function openPglite(options: PgliteOptions = {}): Promise<SqlClient & { db: PGlite }> {
  const lock = options.dataDir ? lockDirectory(options.dataDir) : undefined
  let db: PGlite
  try {
    if (options.dataDir) ensurePrivateDir(options.dataDir)
    const template = options.template === undefined ? defaultTemplate() : options.template
    const seed =
      options.loadDataDir ??
      (options.dataDir && template && isNewDirectory(options.dataDir) ? new Blob([readFileSync(template)]) : undefined)
    db = await PGlite.create(options.dataDir ?? 'memory://', seed ? { loadDataDir: seed } : {})
    // What PGlite (or an earlier version) created under a loose umask is tightened now; the server
    // process itself runs with umask 077 (see the server start command) for what comes later.
    if (options.dataDir) privatizeTree(options.dataDir)
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
    async listen(channel, onNotify, onListen) {
      const off = await db.listen(channel, onNotify)
      onListen?.()
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
