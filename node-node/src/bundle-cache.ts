/**
 * Pack bundles on disk: `$STARK_HOME/bundles/<sha256>.mjs`. A bundle is downloaded once (Bearer
 * token), its sha256 checked before it is renamed into place, and reused from then on: a file under
 * its hash's name is always the verified bytes.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Logger } from '@stark/shared'

/** The part of `fetch` the cache uses (the global one, or one that accepts self-signed TLS). */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }>

export interface BundleCacheOptions {
  home: string
  fetch?: FetchLike
  log: Logger
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
}

const SHA256 = /^[0-9a-f]{64}$/

export function createBundleCache(options: BundleCacheOptions) {
  const dir = join(options.home, 'bundles')
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init))
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const inFlight = new Map<string, Promise<string>>()

  const pathOf = (sha256: string) => join(dir, `${sha256}.mjs`)

  async function cached(sha256: string): Promise<boolean> {
    try {
      return (await stat(pathOf(sha256))).isFile()
    } catch {
      return false
    }
  }

  async function download(sha256: string, url: string, token: string): Promise<string> {
    const res = await fetchImpl(url, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`bundle download failed: HTTP ${res.status} from ${url}`)
    const declared = Number(res.headers.get('content-length') ?? 0)
    if (declared > maxBytes) throw new Error(`bundle is ${declared} bytes, more than the ${maxBytes} allowed`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    if (bytes.byteLength > maxBytes) throw new Error(`bundle is ${bytes.byteLength} bytes, more than the ${maxBytes} allowed`)
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== sha256) throw new Error(`bundle sha256 mismatch: expected ${sha256}, got ${actual}`)
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const tmp = join(dir, `.${sha256}.${randomUUID()}.tmp`)
    try {
      await writeFile(tmp, bytes, { mode: 0o600 })
      await rename(tmp, pathOf(sha256))
    } catch (error) {
      await rm(tmp, { force: true })
      throw error
    }
    options.log.info('bundle downloaded', { sha256, bytes: bytes.byteLength })
    return pathOf(sha256)
  }

  return {
    dir,
    pathOf,
    /** The verified bundle's path, downloading it first unless it is cached. */
    async load(sha256: string, url: string, token: string): Promise<string> {
      if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a sha256`)
      if (await cached(sha256)) return pathOf(sha256)
      let pending = inFlight.get(sha256)
      if (!pending) {
        pending = download(sha256, url, token).finally(() => inFlight.delete(sha256))
        inFlight.set(sha256, pending)
      }
      return pending
    },
  }
}

export type BundleCache = ReturnType<typeof createBundleCache>
