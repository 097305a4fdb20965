import { existsSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { PGlite } from '@electric-sql/pglite'
import { loadServerBuiltins } from '../node-builtins'
import { lockDirectory } from './dir-lock'
import { createStatementCache } from './pglite-statements'
import { ensurePrivateDir, privatizeTree } from './private-dir'
import { untarGzip } from './untar'
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

/**
 * PostgreSQL's settings for the embedded store, given at every start (so they hold for existing
 * data directories too). initdb's 128 MB of shared buffers all become resident in PGlite's
 * WebAssembly memory; Stark's working set lives in the server's own state, and the OS caches the
 * files, so 16 MB is plenty (WAL buffers follow: 1/32 of it).
 */
export const PGLITE_SETTINGS = ['shared_buffers=16MB']

/**
 * How V8 compiles PGlite's 9 MB WebAssembly module, set before the first compile: one compile task
 * and the baseline compiler only. Parallel tasks each keep a malloc arena of compiler memory (~20 MB
 * apiece, never returned), and the optimizing tier adds more for little gain on a store that spends
 * its time in small queries.
 */
const WASM_FLAGS = ['--wasm-num-compilation-tasks=1', '--liftoff-only']

const isNewDirectory = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0

/** Unpacks beside the (empty) directory and moves it in whole: a failed unpack leaves no half data directory. */
async function unpackTemplate(template: string, dataDir: string) {
  const staging = `${dataDir}.unpacking`
  rmSync(staging, { recursive: true, force: true })
  try {
    await untarGzip(template, staging)
    rmdirSync(dataDir)
    renameSync(staging, dataDir)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

/** The embedded store: PGlite in a locked data directory (or in memory). */
export async function openPglite(options: PgliteOptions = {}): Promise<SqlClient & { db: PGlite }> {
  const lock = options.dataDir ? lockDirectory(options.dataDir) : undefined
  let db: PGlite
  try {
    if (options.dataDir) ensurePrivateDir(options.dataDir)
    const template = options.template === undefined ? defaultTemplate() : options.template
    // A new directory starts as the template unpacked on disk: PGlite then opens it as an existing one.
    if (options.dataDir && template && !options.loadDataDir && isNewDirectory(options.dataDir))
      await unpackTemplate(template, options.dataDir)
    const seed = options.loadDataDir
    loadServerBuiltins() // while V8's flags are still the defaults: see node-builtins.ts
    for (const flag of WASM_FLAGS) setFlagsFromString(flag)
    const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])]
    db = await PGlite.create(options.dataDir ?? 'memory://', { startParams, ...(seed ? { loadDataDir: seed } : {}) })
    // What PGlite (or an earlier version) created under a loose umask is tightened now; the server
    // process itself runs with umask 077 (see the server start command) for what comes later.
    if (options.dataDir) privatizeTree(options.dataDir)
  } catch (error) {
    lock?.release()
    throw error
  }
  const statements = createStatementCache(db)
  // PGlite's locks, taken as its own query() takes them: a statement outside a transaction waits
  // for any transaction to end (it would otherwise run inside it); one inside runs in its turn.
  // Outside a transaction, the file system is synced after the statement (as query() does; a no-op
  // for a directory on disk, which PostgreSQL writes through).
  // A closed database says so ("PGlite is closed"), as query() does.
  const alone = async <T>(fn: () => Promise<T>) => {
    await db._checkReady()
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        const result = await fn()
        await db.syncToFs()
        return result
      }),
    )
  }
  const inTransaction = async <T>(fn: () => Promise<T>) => {
    await db._checkReady()
    return db._runExclusiveQuery(fn)
  }
  const wrap = (q: Pick<PGlite, 'exec'>, locked: typeof alone): Sql => ({
    query: <T>(text: string, params?: readonly unknown[]) => locked(() => statements.query<T>(text, params)),
    async exec(text: string) {
      await q.exec(text)
      // Several statements, no parameters: migrations. What was prepared may have changed shape.
      await locked(() => statements.clear())
    },
  })
  return {
    ...wrap(db, alone),
    db,
    engine: 'pglite',
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx, inTransaction))),
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
