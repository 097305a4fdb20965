/**
 * The PWA as a person uses it, in real Chromium against the built server: the service worker
 * installs, a signed-in user joins this device with one click, a browser pack runs and its log
 * shows in the dashboard, a join link adds a second device, a reload keeps the node, closing a
 * tab makes its node NotReady, and with the server down a reload still shows the app and the
 * node's last known state. Screenshots go to e2e/artifacts/ (not committed).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { repoRoot } from '../harness/stark'
import { until } from '../harness/processes'
import { browserAvailable, launchChromium, openPage } from './chromium'
import { ADMIN, startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()
const artifacts = join(repoRoot, 'e2e', 'artifacts')

describe.skipIf(!available)('the PWA in Chromium', () => {
  let cluster: TestCluster
  let browser: Browser
  let phone: BrowserContext
  let page: Page & { consoleLines: string[] }
  let nodeId: string

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium()])
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  const dump = () => page?.consoleLines.slice(-30).join('\n')

  it('serves the app, its manifest and a service worker that takes control', async () => {
    page = await openPage(phone, cluster.url)
    const manifest = await (await fetch(cluster.url + '/manifest.webmanifest')).json()
    expect(manifest).toMatchObject({ name: 'Stark', display: 'standalone', start_url: '/' })
    expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true)
    expect((await fetch(cluster.url + '/sw.js')).headers.get('cache-control')).toBe('no-cache')
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    await page.reload()
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/)
    // Chromium's own verdict: the app is installable (manifest, icons, service worker); the one
    // objection left is the test's incognito profile.
    const cdp = await phone.newCDPSession(page)
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[]
    }
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([])
    // An unknown API path stays a JSON problem (404 once signed in), never the app.
    const anonymous = await fetch(cluster.url + '/api/nope')
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json')
    const notFound = await fetch(cluster.url + '/api/nope', { headers: { authorization: `Bearer ${cluster.token}` } })
    expect(notFound.status).toBe(404)
    expect(await notFound.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it('a signed-in user joins this device with one click; a browser pack runs and its log shows in the dashboard', async () => {
    await page.fill('input[name=email]', ADMIN.email)
    await page.fill('input[name=password]', ADMIN.password)
    await page.click('#login')
    await page.waitForSelector('#nodes')
    await page.fill('#device input[name=name]', 'phone-1')
    await page.fill('#device input[name=labels]', 'zone=e2e')
    await page.click('#join')
    const node = await cluster
      .waitNode('phone-1', (n) => n.status === 'Ready', 'phone-1 Ready')
      .catch((e) => {
        throw new Error(`${e.message}\n${dump()}`)
      })
    expect(node).toMatchObject({ runtime: 'browser', labels: { zone: 'e2e', 'stark.io/browser': 'headless-chrome' } })
    expect(node.allocatable.cpu).toBeGreaterThan(0)
    nodeId = node.id
    // Credentials live in IndexedDB, never in localStorage.
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0)

    await cluster.register('ticker', TICKER, 'browser')
    await cluster.createPod('ticker', { name: 'ticker-1', restartPolicy: 'Always' })
    await cluster.waitPod('ticker-1', (p) => p.status === 'Running' && p.nodeName === 'phone-1', 'ticker-1 Running on phone-1')
    await page.waitForSelector('#device-logs >> text=hello from ticker-1 on browser')
    await page.waitForSelector('#pods tr[data-pod="ticker-1"] >> text=Running')
    await page.click('#pods tr[data-pod="ticker-1"]')
    await page.waitForSelector('#pod-logs >> text=hello from ticker-1 on browser', { timeout: 15_000 })
    await page.waitForSelector('#events li >> text=PodRunning')
    // A service, where the server has them: the dashboard shows its ready/desired counts.
    const services = await fetch(`${cluster.url}/api/services`, { headers: { authorization: `Bearer ${cluster.token}` } })
    if (services.ok) {
      await cluster.api('POST', '/api/services', { name: 'web', pack: 'ticker', replicas: 1 })
      await page.waitForSelector('#services tr[data-service="web"] >> text=1 / 1', { timeout: 20_000 })
    }
    await page.screenshot({ path: join(artifacts, 'dashboard-phone.png'), fullPage: true })
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 } })
    const wide = await openPage(desktop, cluster.url)
    await wide.fill('input[name=email]', ADMIN.email)
    await wide.fill('input[name=password]', ADMIN.password)
    await wide.click('#login')
    await wide.waitForSelector('#pods tr[data-pod="ticker-1"]')
    await wide.click('#pods tr[data-pod="ticker-1"]')
    await wide.waitForSelector('#pod-logs >> text=tick')
    await wide.screenshot({ path: join(artifacts, 'dashboard-desktop.png'), fullPage: true })
    await desktop.close()
  })

  it('a join link adds a second device, and the link cannot be used twice', async () => {
    const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
    expect(url).toMatch(/\/#join=/)
    const laptop = await browser.newContext()
    const second = await openPage(laptop, url)
    // The token leaves the address bar at once.
    expect(second.url()).not.toContain('join=')
    await second.fill('#device input[name=name]', 'laptop-1')
    await second.click('#join')
    const node = await cluster.waitNode('laptop-1', (n) => n.status === 'Ready', 'laptop-1 Ready')
    expect(node.runtime).toBe('browser')
    const third = await openPage(await browser.newContext(), url)
    await third.fill('#device input[name=name]', 'laptop-2')
    await third.click('#join')
    await third.waitForSelector('#node-state >> text=/Stopped|Reconnecting/')
    await third.waitForSelector('#node-problem >> text=already used', { timeout: 10_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${third.consoleLines.join('\n')}`)
    })
    expect(await cluster.node('laptop-2').catch(() => null)).toBeNull()
    await laptop.close()
    await cluster.waitNode('laptop-1', (n) => n.status !== 'Ready', 'laptop-1 NotReady after its tab closed', 20_000)
  })

  it('a reload keeps the node identity and reconciles its pods', async () => {
    const before = await cluster.pod('ticker-1')
    await page.reload()
    await page.waitForSelector('#node-name >> text=phone-1')
    const node = await cluster.waitNode('phone-1', (n) => n.status === 'Ready', 'phone-1 Ready again')
    expect(node.id).toBe(nodeId)
    // The page's workers died with it: the server learns that from the re-registration. The lost
    // run may first be parked as unschedulable (decided before the node's Ready was seen) and is
    // tried again when the node changes: what is waited for is the outcome, not that passing state.
    const after = await cluster.waitPod(
      'ticker-1',
      (p) => p.incarnation > before.incarnation || /PodLost|CrashLoopBackOff/.test(`${p.reason} ${p.message}`),
      'ticker-1 reconciled',
    )
    expect(
      after.incarnation > before.incarnation || /PodLost/.test(`${after.reason} ${after.message}`),
      JSON.stringify({ before, after }),
    ).toBe(true)
    // Where the server restarts lost pods (restartPolicy Always), the pod runs again on this node.
    if (after.reason === 'CrashLoopBackOff') {
      const again = await cluster.waitPod(
        'ticker-1',
        (p) => p.status === 'Running' && p.incarnation > before.incarnation,
        'ticker-1 running again',
      )
      expect(again.nodeName).toBe('phone-1')
      await page.click('#device-pods li[data-pod="ticker-1"]')
      await page.waitForSelector('#device-logs >> text=hello from ticker-1 on browser')
    }
  })

  it('pause takes the node out (NotReady) and resume brings the same node back', async () => {
    await page.click('#pause')
    await cluster.waitNode('phone-1', (n) => n.status !== 'Ready', 'phone-1 NotReady while paused', 15_000)
    await page.waitForSelector('#node-state >> text=Paused')
    await page.click('#resume')
    const node = await cluster.waitNode('phone-1', (n) => n.status === 'Ready', 'phone-1 Ready after resume')
    expect(node.id).toBe(nodeId)
  })

  it('with the server down, a reload shows the app and the node’s last known state at once', async () => {
    await cluster.server.stop()
    const started = Date.now()
    await page.reload()
    await page.waitForSelector('#node-name >> text=phone-1', { timeout: 10_000 })
    await page.waitForSelector('#nodes tr[data-node="phone-1"]', { timeout: 10_000 })
    const shownIn = Date.now() - started
    expect(shownIn).toBeLessThan(10_000)
    expect(await page.textContent('#device')).toContain('phone-1')
    await page.screenshot({ path: join(artifacts, 'offline-phone.png'), fullPage: true })
    await until(async () => /Reconnecting|Offline|Connecting/.test((await page.textContent('#node-state')) ?? ''), {
      what: 'the node shows it is not connected',
    }).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${await page.textContent('#device')}`)
    })
  })
})
