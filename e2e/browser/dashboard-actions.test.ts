/**
 * The dashboard as an operator uses it, in real Chromium: create a join link (with its QR code),
 * cordon and uncordon a node, scale, pause, resume, roll back and delete a service, delete a pod,
 * drain and delete a node — each by its button, each checked on the server. Events are there at
 * once from the history after a reload. Screenshots of the desktop and phone layouts go to
 * e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { until } from '../harness/processes'
import { repoRoot } from '../harness/stark'
import { browserAvailable, launchChromium, openPage } from './chromium'
import { ADMIN, startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()
const artifacts = join(repoRoot, 'e2e', 'artifacts')

describe.skipIf(!available)('operating the cluster from the dashboard', () => {
  let cluster: TestCluster
  let browser: Browser
  let page: Page & { consoleLines: string[] }
  const answers: string[] = []

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium()])
    for (const name of ['worker-a', 'worker-b']) {
      const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
      await openPage(await browser.newContext(), `${url}&name=${name}&headless=1`)
    }
    await cluster.waitNode('worker-a', (n) => n.status === 'Ready', 'worker-a Ready')
    await cluster.waitNode('worker-b', (n) => n.status === 'Ready', 'worker-b Ready')
    await cluster.register('ticker', TICKER, 'browser', '1.0.0')
    await cluster.register('ticker', TICKER.replace('hello from', 'hello (v2) from'), 'browser', '2.0.0')
    await cluster.api('POST', '/api/services', { name: 'web', pack: 'ticker', version: '1.0.0', replicas: 1 })
    await cluster.createPod('ticker', { name: 'lonely' })
    page = await openPage(await browser.newContext({ viewport: { width: 1366, height: 900 } }), cluster.url)
    // confirm() is accepted; prompt() answers the next queued answer.
    page.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? answers.shift() : undefined))
    await page.fill('input[name=email]', ADMIN.email)
    await page.fill('input[name=password]', ADMIN.password)
    await page.click('#login')
    await page.waitForSelector('#nodes tr[data-node="worker-a"]')
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  const button = (row: string, action: string) => page.click(`${row} button[data-action="${action}"]`)

  it('creates a join link with its QR code', async () => {
    await page.click('#create-join-link')
    const href = await (await page.waitForSelector('#join-link')).getAttribute('href')
    expect(href).toMatch(/\/#join=\S+$/)
    expect(await page.getAttribute('#join-link-box svg.qr', 'data-text')).toBe(href)
  })

  it('cordons and uncordons a node', async () => {
    await button('#nodes tr[data-node="worker-a"]', 'cordon')
    await cluster.waitNode('worker-a', (n) => n.unschedulable === true, 'worker-a cordoned')
    await page.waitForSelector('#nodes tr[data-node="worker-a"] button[data-action="uncordon"]')
    await button('#nodes tr[data-node="worker-a"]', 'uncordon')
    await cluster.waitNode('worker-a', (n) => n.unschedulable === false, 'worker-a uncordoned')
  })

  it('scales, pauses, resumes, rolls back and deletes a service', async () => {
    await page.waitForSelector('#services tr[data-service="web"] >> text=1 / 1')
    answers.push('3')
    await button('#services tr[data-service="web"]', 'scale')
    await page.waitForSelector('#services tr[data-service="web"] >> text=3 / 3', { timeout: 30_000 })
    await button('#services tr[data-service="web"]', 'pause')
    await until(async () => (await cluster.api('GET', '/api/services/web')).paused === true, { what: 'web paused' })
    await page.waitForSelector('#services tr[data-service="web"] button[data-action="resume"]')
    await button('#services tr[data-service="web"]', 'resume')
    await until(async () => (await cluster.api('GET', '/api/services/web')).paused === false, { what: 'web resumed' })
    // An update to 2.0.0 (as the CLI does it), then the Rollback button takes it back to 1.0.0.
    await cluster.api('PATCH', '/api/services/web', { version: '2.0.0' })
    await until(async () => (await cluster.api('GET', '/api/services/web')).pack.version === '2.0.0', { what: 'web at 2.0.0' })
    await button('#services tr[data-service="web"]', 'rollback')
    await until(async () => (await cluster.api('GET', '/api/services/web')).pack.version === '1.0.0', {
      what: 'web rolled back to 1.0.0',
    })
    await page.screenshot({ path: join(artifacts, 'dashboard-operate-desktop.png'), fullPage: true })
    await button('#services tr[data-service="web"]', 'delete')
    await until(async () => (await cluster.api('GET', '/api/services')).items.every((s: any) => s.name !== 'web'), {
      what: 'web deleted',
    })
    await page.waitForSelector('#services tr[data-service="web"]', { state: 'detached' })
  })

  it('deletes a pod', async () => {
    await page.waitForSelector('#pods tr[data-pod="lonely"]')
    await button('#pods tr[data-pod="lonely"]', 'delete')
    await until(
      async () => ['Stopping', 'Stopped'].includes((await cluster.pod('lonely').catch(() => ({ status: 'Stopped' }))).status),
      {
        what: 'lonely deleted (stopping or gone)',
        timeoutMs: 30_000,
      },
    )
  })

  it('drains and deletes a node; events come from the history after a reload', async () => {
    await button('#nodes tr[data-node="worker-b"]', 'drain')
    await cluster.waitNode('worker-b', (n) => n.unschedulable === true, 'worker-b drained (cordoned)')
    await button('#nodes tr[data-node="worker-b"]', 'delete')
    await until(async () => (await cluster.api('GET', '/api/nodes')).items.every((n: any) => n.name !== 'worker-b'), {
      what: 'worker-b deleted',
      timeoutMs: 30_000,
    })
    await page.reload()
    await page.waitForSelector('#events li >> text=NodeCordoned', { timeout: 15_000 })
    expect(await page.$('#action-error:not([hidden])')).toBeNull()

    const phone = await openPage(
      await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
      cluster.url,
    )
    await phone.fill('input[name=email]', ADMIN.email)
    await phone.fill('input[name=password]', ADMIN.password)
    await phone.click('#login')
    await phone.waitForSelector('#nodes tr[data-node="worker-a"]')
    await phone.screenshot({ path: join(artifacts, 'dashboard-operate-phone.png'), fullPage: true })
  })
})
