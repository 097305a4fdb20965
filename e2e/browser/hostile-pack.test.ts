/**
 * A hostile pack on a browser node: it tries IndexedDB (where the node token is), cookies,
 * localStorage, Cache Storage, the parent and top frames, the app's origin and API, and looks for
 * the token in its context and globals — and gets nothing. The page really holds the token (checked),
 * so a leak would show.
 */
import { describe, expect, it } from 'vitest'
import { browserAvailable } from './chromium'
import { HOSTILE } from './packs'
import { browserSuite, joinHeadless } from './suite'

const available = browserAvailable()

describe.skipIf(!available)('a hostile pack in the browser sandbox', () => {
  const suite = browserSuite()

  it('reads no credential, storage, cookie, frame or API of the app', async () => {
    const { cluster } = suite
    const page = await joinHeadless(suite, 'victim')
    // The page does hold secrets a pack would want.
    await page.evaluate(() => {
      document.cookie = 'stark-secret=cookie-value; path=/'
      localStorage.setItem('stark-secret', 'local-value')
    })
    const stored = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const r = indexedDB.open('stark')
          r.onsuccess = () => {
            const get = r.result.transaction('identity').objectStore('identity').get('victim')
            get.onsuccess = () => resolve(get.result?.nodeToken ?? '')
            get.onerror = () => reject(get.error)
          }
          r.onerror = () => reject(r.error)
        }),
    )
    expect(stored).toMatch(/^eyJ/)

    await cluster.register('hostile', HOSTILE, 'browser')
    await cluster.createPod('hostile', { name: 'hostile-1', env: { SERVER: cluster.url } })
    const pod = await cluster.waitPod('hostile-1', (p) => p.status === 'Succeeded' || p.status === 'Failed', 'hostile-1 finished')
    const { items } = await cluster.api('GET', '/api/pods/hostile-1/logs')
    const lines: string[] = items.map((l: { line: string }) => l.line)
    const text = lines.join('\n')
    if (process.env.STARK_E2E_VERBOSE) console.log(text)
    expect(pod.status, text).toBe('Succeeded')
    expect(lines).toContain('probes done')
    for (const what of [
      'worker close()',
      'worker prototype close()',
      'indexedDB',
      'indexedDB.databases',
      'document.cookie',
      'localStorage',
      'caches',
      'parent frame',
      'top frame',
      'origin',
      'app api',
      'node token in ctx',
      'node token in globals',
    ]) {
      expect(
        lines.find((l) => l.startsWith(`${what}: `)),
        text,
      ).toMatch(/: BLOCKED/)
    }
    expect(text).not.toContain('LEAKED')
    expect(text).not.toContain(stored)
    expect(text).not.toContain('cookie-value')
    expect(text).not.toContain('local-value')
    // The page's own secrets are still there: the pack did not wipe them either.
    expect(await page.evaluate(() => localStorage.getItem('stark-secret'))).toBe('local-value')
    await page.context().close()
  })
})
