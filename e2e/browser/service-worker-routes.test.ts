/**
 * The service worker serves the app shell for the app's own page only: with it in control, the
 * server's other routes — /metrics, /health, an unknown /api path, any route it does not know —
 * answer as the server does, to fetches and to navigations alike.
 */
import { describe, expect, it } from 'vitest'
import { browserAvailable, openPage } from './chromium'
import { browserSuite } from './suite'

const available = browserAvailable()

describe.skipIf(!available)('the service worker and server routes', () => {
  const suite = browserSuite()

  it('passes /metrics and other server routes through, and still serves the app offline-ready', async () => {
    const { cluster, browser } = suite
    const context = await browser.newContext()
    const page = await openPage(context, cluster.url)
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    await page.reload()
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/)

    const metrics = await page.evaluate(async (token) => {
      const res = await fetch('/metrics', { headers: { authorization: `Bearer ${token}` } })
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
    }, cluster.token)
    expect(metrics.status).toBe(200)
    expect(metrics.type).toContain('text/plain')
    expect(metrics.body).toMatch(/^# (HELP|TYPE) /m)
    expect(metrics.body).not.toContain('<!doctype html>')

    // Navigations: the server's answers, not the app shell.
    for (const path of ['/metrics', '/health', '/api/nope']) {
      const res = await page.goto(cluster.url + path)
      expect((await res?.text()) ?? '', path).not.toContain('<div id="app">')
      expect(res?.fromServiceWorker(), path).toBe(false)
    }
    // A path the server does not know: the server decides (it answers with the app), not the worker.
    expect((await page.goto(`${cluster.url}/no-such-route`))?.fromServiceWorker()).toBe(false)
    // The app's own page still comes from the service worker.
    const app = await page.goto(cluster.url + '/')
    expect(app?.fromServiceWorker()).toBe(true)
    await context.close()
  })
})
