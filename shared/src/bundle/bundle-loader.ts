/**
 * Loading a pack bundle by its sha256, the same on every agent: a name that is not a sha256 is
 * refused before anything is fetched; a download carries the node's Bearer token, is refused past
 * the size limit (by its declared content-length first, then by what arrived) and unless its bytes
 * hash to the name; concurrent asks for one bundle share one download. Only verified bytes reach
 * `store`, so whatever a cache holds under a hash's name is those bytes.
 *
 * Where bundles are kept (files, Cache Storage) and how sha256 is computed (node:crypto,
 * WebCrypto, a plain-JS fallback) are the agent's: both come in as dependencies.
 */
import type { Logger } from '../log'

export const SHA256_HEX = /^[0-9a-f]{64}$/

/** Hex sha256 of some bytes. */
export type Sha256Digest = (bytes: Uint8Array) => string | Promise<string>

/** The part of a fetch response a bundle download reads. */
export interface BundleResponse {
  ok: boolean
  status: number
  headers: { get(name: string): string | null }
  arrayBuffer(): Promise<ArrayBuffer>
}

/** The part of `fetch` a bundle download uses. */
export type BundleFetch = (url: string, init: { headers: Record<string, string> }) => Promise<BundleResponse>

/** Where verified bundles are kept: `T` is what a load gives back (a file path, the source text). */
export interface BundleStore<T> {
  /** The kept bundle, or undefined when there is none (or it cannot be read). */
  get(sha256: string): Promise<T | undefined>
  /** Keeps verified bytes and gives back what a later `get` would. */
  put(sha256: string, bytes: Uint8Array): Promise<T>
}

export interface BundleLoaderDeps<T> {
  fetch: BundleFetch
  sha256: Sha256Digest
  store: BundleStore<T>
  log: Logger
  /** Largest bundle accepted (bytes, default 64 MiB). */
  maxBytes?: number
}

export const DEFAULT_MAX_BUNDLE_BYTES = 64 * 1024 * 1024

export interface BundleLoader<T> {
  /** The verified bundle, downloading it first unless the store has it. */
  load(sha256: string, url: string, token: string): Promise<T>
}

/** Fetches, checks and returns a bundle's bytes (no store). Throws with a reason a person can act on. */
export async function downloadBundle(
  deps: Pick<BundleLoaderDeps<unknown>, 'fetch' | 'sha256' | 'maxBytes'>,
  sha256: string,
  url: string,
  token: string,
): Promise<Uint8Array> {
  if (!SHA256_HEX.test(sha256)) throw new Error(`"${sha256}" is not a sha256`)
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES
  const tooLarge = (bytes: number) => new Error(`bundle is ${bytes} bytes, more than the ${maxBytes} allowed`)
  const res = await deps.fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`bundle download failed: HTTP ${res.status} from ${url}`)
  const declared = Number(res.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw tooLarge(declared)
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength)
  const actual = await deps.sha256(bytes)
  if (actual !== sha256) throw new Error(`bundle sha256 mismatch: expected ${sha256}, got ${actual}`)
  return bytes
}

export function createBundleLoader<T>(deps: BundleLoaderDeps<T>): BundleLoader<T> {
  const inFlight = new Map<string, Promise<T>>()

  async function download(sha256: string, url: string, token: string): Promise<T> {
    const bytes = await downloadBundle(deps, sha256, url, token)
    const kept = await deps.store.put(sha256, bytes)
    deps.log.info('bundle downloaded', { sha256, bytes: bytes.byteLength })
    return kept
  }

  return {
    async load(sha256, url, token) {
      if (!SHA256_HEX.test(sha256)) throw new Error(`"${sha256}" is not a sha256`)
      const hit = await deps.store.get(sha256).catch(() => undefined)
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
