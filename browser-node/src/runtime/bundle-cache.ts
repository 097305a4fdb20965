/**
 * Pack bundles in Cache Storage, keyed by sha256 (`/stark-bundles/<sha256>`). A bundle is fetched
 * once with the node's Bearer token, verified, and only then cached: an entry under a hash's name
 * is always the verified bytes. The service worker answers `/api/bundles/<sha256>` from the same
 * cache, so pods can restart from cached bundles while the server is down.
 */
import type { Logger } from '@stark/shared'
import { sha256Hex } from './sha256'

export const BUNDLE_CACHE = 'stark-bundles-v1'
export const bundleKey = (sha256: string) => `/stark-bundles/${sha256}`
const SHA256 = /^[0-9a-f]{64}$/

export interface BundleCacheOptions {
  log: Logger
  caches?: CacheStorage
  fetch?: typeof fetch
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
  cacheName?: string
}

export function createBundleCache(options: BundleCacheOptions) {
  const storage = options.caches ?? (typeof caches === 'undefined' ? undefined : caches)
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const cacheName = options.cacheName ?? BUNDLE_CACHE
  const inFlight = new Map<string, Promise<string>>()

  async function cached(sha256: string): Promise<string | undefined> {
    if (!storage) return undefined
    const hit = await (await storage.open(cacheName)).match(bundleKey(sha256))
    return hit ? hit.text() : undefined
  }

  async function download(sha256: string, url: string, token: string): Promise<string> {
    const res = await fetchImpl(url, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' })
    if (!res.ok) throw new Error(`bundle download failed: HTTP ${res.status} from ${url}`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    if (bytes.byteLength > maxBytes) throw new Error(`bundle is ${bytes.byteLength} bytes, more than the ${maxBytes} allowed`)
    const actual = await sha256Hex(bytes)
    if (actual !== sha256) throw new Error(`bundle sha256 mismatch: expected ${sha256}, got ${actual}`)
    const source = new TextDecoder().decode(bytes)
    if (storage) {
      const headers = { 'content-type': 'text/javascript', 'x-stark-sha256': sha256 }
      await (await storage.open(cacheName)).put(bundleKey(sha256), new Response(bytes, { headers }))
    }
    options.log.info('bundle downloaded', { sha256, bytes: bytes.byteLength })
    return source
  }

  return {
    /** The verified bundle's source text, downloading it first unless it is cached. */
    async load(sha256: string, url: string, token: string): Promise<string> {
      if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a sha256`)
      const hit = await cached(sha256).catch(() => undefined)
      if (hit !== undefined) return hit
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
