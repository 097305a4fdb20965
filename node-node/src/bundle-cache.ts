/**
 * Pack bundles on disk: `$STARK_HOME/bundles/<sha256>.mjs`. Downloading and verifying is the shared
 * bundle loader's; this file keeps the verified bytes, writing them to a temporary file that is
 * renamed into place, so a file under its hash's name is always the verified bytes.
 *
 * The folder is bounded by bytes (default 1 GiB), least recently used bundles going first: a use
 * touches the file's mtime, so the order survives an agent restart (the folder is read once, at
 * the first load). A bundle dropped while a pod of it still runs is downloaded again if needed.
 */
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { type BundleFetch, createBundleLoader, type Logger } from '@stark/shared'
import { createByteLru } from './byte-lru'

/** The part of `fetch` the cache uses (the global one, or one that accepts self-signed TLS). */
export type FetchLike = BundleFetch

export interface BundleCacheOptions {
  home: string
  fetch?: FetchLike
  log: Logger
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
  /** Most bytes the folder keeps (default 1 GiB); least recently used bundles are removed past it. */
  maxCacheBytes?: number
}

export const DEFAULT_MAX_CACHE_BYTES = 1024 * 1024 * 1024
const BUNDLE_FILE = /^([0-9a-f]{64})\.mjs$/

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

export function createBundleCache(options: BundleCacheOptions) {
  const dir = join(options.home, 'bundles')
  const pathOf = (sha256: string) => join(dir, `${sha256}.mjs`)
  const lru = createByteLru(options.maxCacheBytes ?? DEFAULT_MAX_CACHE_BYTES)
  let indexed: Promise<void> | undefined

  /** Reads the folder once: what is there, oldest use first. */
  const index = () =>
    (indexed ??= (async () => {
      const names = await readdir(dir).catch(() => [] as string[])
      const found: { sha256: string; size: number; used: number }[] = []
      for (const name of names) {
        const m = BUNDLE_FILE.exec(name)
        const s = m ? await stat(join(dir, name)).catch(() => undefined) : undefined
        if (m && s?.isFile()) found.push({ sha256: m[1]!, size: s.size, used: s.mtimeMs })
      }
      found.sort((a, b) => a.used - b.used)
      for (const f of found) await drop(lru.use(f.sha256, f.size))
    })())

  async function drop(keys: string[]) {
    for (const key of keys) {
      await rm(pathOf(key), { force: true })
      options.log.debug('bundle cache: removed the least recently used bundle', { sha256: key })
    }
  }

  /** Records a use (the file's mtime too, for the order after a restart) and trims the folder. */
  async function used(sha256: string, size: number) {
    await index()
    const now = new Date()
    await utimes(pathOf(sha256), now, now).catch(() => {})
    await drop(lru.use(sha256, size))
  }

  const loader = createBundleLoader<string>({
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    sha256: sha256Hex,
    log: options.log,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    store: {
      async get(sha256) {
        const found = await stat(pathOf(sha256)).catch(() => undefined)
        if (!found?.isFile()) {
          lru.forget(sha256)
          return undefined
        }
        await used(sha256, found.size)
        return pathOf(sha256)
      },
      async put(sha256, bytes) {
        await mkdir(dir, { recursive: true, mode: 0o700 })
        const tmp = join(dir, `.${sha256}.${randomUUID()}.tmp`)
        try {
          await writeFile(tmp, bytes, { mode: 0o600 })
          await rename(tmp, pathOf(sha256))
        } catch (error) {
          await rm(tmp, { force: true })
          throw error
        }
        await used(sha256, bytes.byteLength)
        return pathOf(sha256)
      },
    },
  })

  return {
    dir,
    pathOf,
    /** The verified bundle's path, downloading it first unless it is cached. */
    load: (sha256: string, url: string, token: string): Promise<string> => loader.load(sha256, url, token),
  }
}

export type BundleCache = ReturnType<typeof createBundleCache>
