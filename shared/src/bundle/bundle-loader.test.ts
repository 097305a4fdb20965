import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { type BundleFetch, type BundleResponse, createBundleLoader, downloadBundle } from './bundle-loader'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const encode = (text: string) => new TextEncoder().encode(text)
const TOKEN = 'node-token'

/** A bundle server in memory: serves texts by their sha256 to the right token, counts downloads. */
function bundleServer(options: { contentLength?: (bytes: Uint8Array) => string | null } = {}) {
  const bundles = new Map<string, Uint8Array>()
  const downloads: string[] = []
  const fetch: BundleFetch = async (url, init) => {
    const name = url.split('/').pop() ?? ''
    const response = (status: number, body: Uint8Array = new Uint8Array()): BundleResponse => ({
      ok: status === 200,
      status,
      headers: { get: (h) => (h === 'content-length' ? (options.contentLength?.(body) ?? String(body.byteLength)) : null) },
      arrayBuffer: async () => body.slice().buffer as ArrayBuffer,
    })
    if (init.headers.authorization !== `Bearer ${TOKEN}`) return response(401)
    const body = bundles.get(name)
    if (!body) return response(404)
    downloads.push(name)
    return response(200, body)
  }
  return {
    fetch,
    downloads,
    serve(text: string, as?: string) {
      const bytes = encode(text)
      const name = as ?? sha256(bytes)
      bundles.set(name, bytes)
      return { sha256: name, url: `https://stark.test/api/bundles/${name}` }
    },
  }
}

function mapStore() {
  const kept = new Map<string, string>()
  return {
    kept,
    get: async (name: string) => kept.get(name),
    put: async (name: string, bytes: Uint8Array) => {
      const text = new TextDecoder().decode(bytes)
      kept.set(name, text)
      return text
    },
  }
}

describe('bundle loader', () => {
  it('downloads with the Bearer token, keeps the verified bytes and answers later loads from the store', async () => {
    const server = bundleServer()
    const store = mapStore()
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store, log: silentLogger })
    const { sha256: name, url } = server.serve('export default () => 1')
    expect(await loader.load(name, url, TOKEN)).toBe('export default () => 1')
    expect(await loader.load(name, url, TOKEN)).toBe('export default () => 1')
    expect(server.downloads).toEqual([name])
    expect([...store.kept.keys()]).toEqual([name])
  })

  it('shares one download between concurrent loads of one bundle', async () => {
    const server = bundleServer()
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store: mapStore(), log: silentLogger })
    const { sha256: name, url } = server.serve('export default () => 2')
    const texts = await Promise.all([1, 2, 3].map(() => loader.load(name, url, TOKEN)))
    expect(new Set(texts)).toEqual(new Set(['export default () => 2']))
    expect(server.downloads).toEqual([name])
  })

  it('accepts an async digest (WebCrypto, a plain-JS fallback)', async () => {
    const server = bundleServer()
    const { sha256: name, url } = server.serve('export default () => 3')
    const bytes = await downloadBundle({ fetch: server.fetch, sha256: async (b) => sha256(b) }, name, url, TOKEN)
    expect(new TextDecoder().decode(bytes)).toBe('export default () => 3')
  })

  it('refuses bytes that do not hash to the name asked for, and keeps nothing', async () => {
    const server = bundleServer()
    const store = mapStore()
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store, log: silentLogger })
    const claimed = 'e'.repeat(64)
    const { url } = server.serve('export default () => "real"', claimed)
    await expect(loader.load(claimed, url, TOKEN)).rejects.toThrow(/sha256 mismatch: expected e{64}, got [0-9a-f]{64}/)
    expect(store.kept.size).toBe(0)
  })

  it('refuses a name that is not a sha256 without fetching anything', async () => {
    const server = bundleServer()
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store: mapStore(), log: silentLogger })
    await expect(loader.load('../../etc/passwd', 'https://stark.test/x', TOKEN)).rejects.toThrow(/not a sha256/)
    await expect(downloadBundle({ fetch: server.fetch, sha256 }, 'ABC', 'https://stark.test/x', TOKEN)).rejects.toThrow(
      /not a sha256/,
    )
    expect(server.downloads).toEqual([])
  })

  it('says which HTTP status a failed download got', async () => {
    const server = bundleServer()
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store: mapStore(), log: silentLogger })
    const { sha256: name, url } = server.serve('export default () => 4')
    await expect(loader.load(name, url, 'wrong')).rejects.toThrow(/HTTP 401 from https:\/\/stark.test/)
    await expect(loader.load('d'.repeat(64), url.replace(name, 'd'.repeat(64)), TOKEN)).rejects.toThrow(/HTTP 404/)
  })

  it('refuses a bundle past the size limit by what arrived, and by a declared content-length before reading', async () => {
    const big = `export default () => "${'x'.repeat(2000)}"`
    const server = bundleServer()
    const { sha256: name, url } = server.serve(big)
    await expect(downloadBundle({ fetch: server.fetch, sha256, maxBytes: 1000 }, name, url, TOKEN)).rejects.toThrow(
      /bundle is \d+ bytes, more than the 1000 allowed/,
    )
    const lying = bundleServer({ contentLength: () => String(10 ** 9) })
    const small = lying.serve('export default () => 5')
    await expect(downloadBundle({ fetch: lying.fetch, sha256, maxBytes: 1000 }, small.sha256, small.url, TOKEN)).rejects.toThrow(
      /bundle is 1000000000 bytes, more than the 1000 allowed/,
    )
    const silent = bundleServer({ contentLength: () => null })
    const unsized = silent.serve(big)
    await expect(
      downloadBundle({ fetch: silent.fetch, sha256, maxBytes: 1000 }, unsized.sha256, unsized.url, TOKEN),
    ).rejects.toThrow(/more than the 1000 allowed/)
  })

  it('downloads again when the store cannot be read', async () => {
    const server = bundleServer()
    const store = { get: async () => Promise.reject(new Error('cache gone')), put: async () => 'kept' }
    const loader = createBundleLoader({ fetch: server.fetch, sha256, store, log: silentLogger })
    const { sha256: name, url } = server.serve('export default () => 6')
    expect(await loader.load(name, url, TOKEN)).toBe('kept')
    expect(server.downloads).toEqual([name])
  })
})
