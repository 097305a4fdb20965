/**
 * A phone opening http://<laptop-ip>:PORT: a plain-HTTP origin that is not localhost, so the page
 * has no crypto.subtle, no Cache Storage and no service worker. Here a host name mapped to
 * 127.0.0.1 by Chromium's resolver rules stands for the laptop's address. The device joins, a
 * pod runs (its bundle verified with the plain-JavaScript sha256), and the page says why install
 * and offline use are missing, with the command that gives HTTPS and a QR code of the https link.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { repoRoot } from '../harness/stark'
import { browserAvailable, LAN_ARGS, LAN_HOST, launchChromium, onLan, openPage } from './chromium'
import { startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()
const artifacts = join(repoRoot, 'e2e', 'artifacts')

describe.skipIf(!available)('a plain-HTTP LAN origin', () => {
  let cluster: TestCluster
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium(LAN_ARGS)])
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  it('runs a pod, and explains that install and offline need HTTPS with the command and a QR code', async () => {
    const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await openPage(context, onLan(url))
    const port = new URL(cluster.url).port
    expect(new URL(page.url()).host).toBe(`${LAN_HOST}:${port}`)
    const facts = await page.evaluate(() => ({
      secure: isSecureContext,
      subtle: typeof crypto.subtle,
      serviceWorker: 'serviceWorker' in navigator,
    }))
    expect(facts).toEqual({ secure: false, subtle: 'undefined', serviceWorker: false })

    await page.waitForSelector('#insecure-origin')
    expect(await page.textContent('#tls-command')).toBe('stark server start --tls-self-signed')
    const https = `https://${LAN_HOST}:${port}/`
    expect(await page.getAttribute('#https-link', 'href')).toBe(https)
    expect(await page.getAttribute('#insecure-origin svg.qr', 'data-text')).toBe(https)
    const modules = await page.$$eval('#insecure-origin svg.qr path', (p) => (p[0]?.getAttribute('d') ?? '').split('M').length)
    expect(modules).toBeGreaterThan(100)

    await page.fill('#device input[name=name]', 'lan-phone')
    await page.click('#join')
    await cluster
      .waitNode('lan-phone', (n) => n.status === 'Ready', 'lan-phone Ready')
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${page.consoleLines.join('\n')}`)
      })
    await cluster.register('ticker', TICKER, 'browser')
    await cluster.createPod('ticker', { name: 'lan-ticker' })
    await cluster
      .waitPod('lan-ticker', (p) => p.status === 'Running' && p.nodeName === 'lan-phone', 'lan-ticker Running on lan-phone')
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${page.consoleLines.join('\n')}`)
      })
    await page.waitForSelector('#device-logs >> text=hello from lan-ticker on browser')
    await page.screenshot({ path: join(artifacts, 'lan-origin-phone.png'), fullPage: true })
    await context.close()
  })

  it('on localhost (a secure context) the notice is not shown', async () => {
    const context = await browser.newContext()
    const page = await openPage(context, cluster.url)
    await page.waitForSelector('#device h2')
    expect(await page.evaluate(() => isSecureContext)).toBe(true)
    expect(await page.$('#insecure-origin')).toBeNull()
    await context.close()
  })
})
