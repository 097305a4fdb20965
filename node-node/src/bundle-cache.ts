/**
 * Pack bundles on disk: `$STARK_HOME/bundles/<sha256>.mjs`. Downloading and verifying is the shared
 * bundle loader's; this file keeps the verified bytes, writing them to a temporary file that is
 * renamed into place, so a file under its hash's name is always the verified bytes.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { type BundleFetch, createBundleLoader, type Logger } from '@stark/shared'

/** The part of `fetch` the cache uses (the global one, or one that accepts self-signed TLS). */
export type FetchLike = BundleFetch

export interface BundleCacheOptions {
  home: string
  fetch?: FetchLike
  log: Logger
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

export function createBundleCache(options: BundleCacheOptions) {
  const dir = join(options.home, 'bundles')
  const pathOf = (sha256: string) => join(dir, `${sha256}.mjs`)

  const loader = createBundleLoader<string>({
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    sha256: sha256Hex,
    log: options.log,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    store: {
      async get(sha256) {
        const found = await stat(pathOf(sha256)).catch(() => undefined)
        return found?.isFile() ? pathOf(sha256) : undefined
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
