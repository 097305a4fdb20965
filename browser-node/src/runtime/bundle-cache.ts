/**
 * Pack bundles in Cache Storage, keyed by sha256 (`/stark-bundles/<sha256>`). Downloading and
 * verifying is the shared bundle loader's (with the node's Bearer token); only verified bytes are
 * cached, so an entry under a hash's name is always those bytes. The service worker answers
 * `/api/bundles/<sha256>` from the same cache, so pods can restart from cached bundles while the
 * server is down.
 */
import { createBundleLoader, type Logger, type Sha256Digest } from '@stark/shared'
import { sha256Hex } from './sha256'

export const BUNDLE_CACHE = 'stark-bundles-v1'
export const bundleKey = (sha256: string) => `/stark-bundles/${sha256}`

export interface BundleCacheOptions {
  log: Logger
  caches?: CacheStorage
  fetch?: typeof fetch
  /** How bytes are hashed (default: WebCrypto, or plain JavaScript where the page has no crypto.subtle). */
  sha256?: Sha256Digest
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
  cacheName?: string
}

export function createBundleCache(options: BundleCacheOptions) {
  const storage = options.caches ?? (typeof caches === 'undefined' ? undefined : caches)
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const cacheName = options.cacheName ?? BUNDLE_CACHE
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

  return createBundleLoader<string>({
    fetch: (url, init) => fetchImpl(url, { ...init, cache: 'no-store' }),
    sha256: options.sha256 ?? sha256Hex,
    log: options.log,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    store: {
      async get(sha256) {
        if (!storage) return undefined
        const hit = await (await storage.open(cacheName)).match(bundleKey(sha256))
        return hit ? hit.text() : undefined
      },
      async put(sha256, bytes) {
        if (storage) {
          const headers = { 'content-type': 'text/javascript', 'x-stark-sha256': sha256 }
          await (await storage.open(cacheName)).put(bundleKey(sha256), new Response(bytes as BufferSource, { headers }))
        }
        return decode(bytes)
      },
    },
  })
}
export type BundleCache = ReturnType<typeof createBundleCache>
