import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@stark/shared'
import { createBundleCache } from './bundle-cache'
import { startTestPeer, type TestPeer } from './test-peer'

const TOKEN = 'bundle-token'
let home: string
let peer: TestPeer

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'stark-bundles-'))
  peer = await startTestPeer({ acceptToken: (t) => t === TOKEN })
})
afterEach(async () => {
  await peer.close()
  await rm(home, { recursive: true, force: true })
})

const cache = (maxBytes?: number, maxCacheBytes?: number) =>
  createBundleCache({ home, log: silentLogger, ...(maxBytes ? { maxBytes } : {}), ...(maxCacheBytes ? { maxCacheBytes } : {}) })
const files = async () => (await readdir(join(home, 'bundles')).catch(() => [] as string[])).sort()

describe('bundle cache', () => {
  it('downloads a bundle with the Bearer token, keeps it as <sha256>.mjs, and reuses it', async () => {
    const { sha256, url } = peer.serveBundle('export default () => 1')
    const bundles = cache()
    const path = await bundles.load(sha256, url, TOKEN)
    expect(path).toBe(join(home, 'bundles', `${sha256}.mjs`))
    expect(await readFile(path, 'utf8')).toBe('export default () => 1')
    expect(await bundles.load(sha256, url, TOKEN)).toBe(path)
    // A new cache over the same home (an agent restart) finds it too.
    expect(await cache().load(sha256, url, TOKEN)).toBe(path)
    expect(peer.downloads).toEqual([sha256])
  })

  it('downloads once when the same bundle is asked for concurrently', async () => {
    const { sha256, url } = peer.serveBundle('export default () => 2')
    const bundles = cache()
    const paths = await Promise.all([1, 2, 3].map(() => bundles.load(sha256, url, TOKEN)))
    expect(new Set(paths).size).toBe(1)
    expect(peer.downloads).toEqual([sha256])
  })

  it('refuses bytes whose sha256 is not the one asked for, and keeps nothing', async () => {
    const real = peer.serveBundle('export default () => "real"')
    const claimed = 'e'.repeat(64)
    await expect(cache().load(claimed, real.url, TOKEN)).rejects.toThrow(/sha256 mismatch: expected e{64}, got [0-9a-f]{64}/)
    expect(await files()).toEqual([])
  })

  it('says which HTTP status a failed download got', async () => {
    const { sha256, url } = peer.serveBundle('export default () => 3')
    await expect(cache().load(sha256, url, 'wrong-token')).rejects.toThrow(/HTTP 401/)
    await expect(cache().load('d'.repeat(64), `${peer.serverUrl}/api/bundles/${'d'.repeat(64)}`, TOKEN)).rejects.toThrow(
      /HTTP 404/,
    )
    expect(await files()).toEqual([])
  })

  it('refuses a name that is not a sha256 without fetching anything', async () => {
    await expect(cache().load('../../etc/passwd', `${peer.serverUrl}/x`, TOKEN)).rejects.toThrow(/not a sha256/)
    expect(peer.downloads).toEqual([])
  })

  it('refuses a bundle larger than its limit', async () => {
    const { sha256, url } = peer.serveBundle(`export default () => "${'x'.repeat(2000)}"`)
    await expect(cache(1000).load(sha256, url, TOKEN)).rejects.toThrow(/more than the 1000 allowed/)
    expect(await files()).toEqual([])
  })

  it('keeps the folder within its byte budget, removing the least recently used bundle first, also across a restart', async () => {
    const source = (n: number) => `export default () => "${String(n).repeat(400)}"`
    const [a, b, c, d] = [1, 2, 3, 4].map((n) => peer.serveBundle(source(n)))
    const size = Buffer.byteLength(source(1))
    const bundles = cache(undefined, size * 2 + 10) // room for two
    await bundles.load(a!.sha256, a!.url, TOKEN)
    await bundles.load(b!.sha256, b!.url, TOKEN)
    await bundles.load(a!.sha256, a!.url, TOKEN) // a used again: b is now the oldest
    await bundles.load(c!.sha256, c!.url, TOKEN)
    expect(await files()).toEqual([`${a!.sha256}.mjs`, `${c!.sha256}.mjs`].sort())
    // A new cache (an agent restart) reads the order back from the files: a is older than c.
    await cache(undefined, size * 2 + 10).load(d!.sha256, d!.url, TOKEN)
    expect(await files()).toEqual([`${c!.sha256}.mjs`, `${d!.sha256}.mjs`].sort())
    expect(peer.downloads).toEqual([a!.sha256, b!.sha256, c!.sha256, d!.sha256])
  })
})
