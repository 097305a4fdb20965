/**
 * The dashboard's newer views in real Chromium: a service updated to another version by its
 * button (condition and rollout shown), a pod's log followed live with times and kept at the
 * bottom, CPU and memory charts once a Node agent has reported usage, the namespace filter, more
 * than 500 pods (created Pending, never run) read page by page, and the buttons by role — a viewer
 * sees none, a user only on their own pod. Desktop and phone screenshots go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { type Proc, until } from '../harness/processes'
import { repoRoot, startAgent } from '../harness/stark'
import { browserAvailable, launchChromium, openPage } from './chromium'
import { ADMIN, startCluster, type TestCluster } from './cluster'

const available = browserAvailable()
const artifacts = join(repoRoot, 'e2e', 'artifacts')
const BULK = 510

/** Prints a screenful at once, then a line every 300 ms. */
const CHATTY = `
export default async function main(ctx) {
  for (let i = 1; i <= 60; i++) console.log('line ' + i)
  let n = 0
  const timer = setInterval(() => console.log('tick ' + (++n)), 300)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
}
`

describe.skipIf(!available)('dashboard views', () => {
  let cluster: TestCluster
  let browser: Browser
  let agent: Proc | undefined
  let page: Page & { consoleLines: string[] }
  const answers: string[] = []

  const signIn = async (email: string, password: string, viewport = { width: 1366, height: 900 }) => {
    const p = await openPage(await browser.newContext({ viewport }), cluster.url)
    p.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? answers.shift() : undefined))
    await p.fill('input[name=email]', email)
    await p.fill('input[name=password]', password)
    await p.click('#login')
    await p.waitForSelector('#pods')
    return p
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    ;[cluster, browser] = await Promise.all([startCluster({ STARK_HEARTBEAT_INTERVAL: '2s' }), launchChromium()])
    agent = await startAgent(cluster.home.path, cluster.url, 'node-a', ['--token', cluster.token])
    await cluster.waitNode('node-a', (n) => n.status === 'Ready', 'node-a Ready')
    await cluster.register('chatty', CHATTY, 'universal', '1.0.0')
    await cluster.register('chatty', CHATTY, 'universal', '2.0.0')
    await cluster.api('POST', '/api/packs', { name: 'shared', version: '1.0.0', visibility: 'public', bundle: CHATTY })
    await cluster.api('POST', '/api/services', { name: 'web', pack: 'chatty', version: '1.0.0', replicas: 1 })
    await cluster.createPod('chatty', { name: 'talker', version: '1.0.0' })
    for (const [email, role] of [
      ['vera@example.com', 'viewer'],
      ['bob@example.com', 'user'],
    ])
      await cluster.api('POST', '/api/auth/register', { email, password: 'correct horse battery', role })
    await cluster.api('POST', '/api/namespaces', { name: 'bulk' })
    await cluster.waitPod('talker', (p) => p.status === 'Running', 'talker Running')
    page = await signIn(ADMIN.email, ADMIN.password)
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
    await agent?.stop()
    await cluster?.stop()
  })

  it('updates a service to another version by its button, and shows its condition and rollout', async () => {
    const row = '#services tr[data-service="web"]'
    await page.waitForSelector(`${row} >> text=1 / 1`, { timeout: 30_000 })
    answers.push('2.0.0')
    await page.click(`${row} button[data-action="update"]`)
    await until(async () => (await cluster.api('GET', '/api/services/web')).pack.version === '2.0.0', {
      what: 'web at 2.0.0',
    })
    await page.waitForSelector(`${row} >> text=chatty@2.0.0`)
    await page.waitForSelector(`${row} .badge[data-condition="Available"]`, { timeout: 60_000 })
    expect(await page.textContent(`${row} .rollout`)).toMatch(/2\.0\.0|available of 1/)
  })

  it('follows a pod’s log over SSE: new lines with their times, kept at the bottom', async () => {
    await page.click('#pods tr[data-pod="talker"] td.name')
    await page.waitForSelector('#pod-logs span.line >> text=line 60')
    const first = await page.locator('#pod-logs span.line').count()
    await page.waitForFunction((n) => document.querySelectorAll('#pod-logs span.line').length >= n + 3, first)
    const last = page.locator('#pod-logs span.line').last()
    expect(await last.textContent()).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} tick \d+\n$/)
    expect(await page.textContent('#log-state')).toBe('following')
    // Still at the bottom after more lines and the page's redraws (the usage charts redraw it every few seconds).
    const now = await page.locator('#pod-logs span.line').count()
    await page.waitForFunction((n) => document.querySelectorAll('#pod-logs span.line').length >= n + 20, now)
    const gap = await page.$eval('#pod-logs', (el) => el.scrollHeight - el.scrollTop - el.clientHeight)
    expect(gap).toBeLessThan(24)
  })

  it('draws CPU and memory charts from the reported usage', async () => {
    const chart = '#pods tr[data-pod="talker"] td.use svg.spark'
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0) >= 2, chart, {
      timeout: 60_000,
    })
    expect(await page.locator(`${chart} polyline`).count()).toBe(2)
    await page.waitForSelector('#nodes tr[data-node="node-a"] td.use svg.spark polyline')
    await page.screenshot({ path: join(artifacts, 'dashboard-views-desktop.png'), fullPage: true })
  })

  it('reads more than 500 pods page by page, and filters by namespace', async () => {
    // More than a page of pods that never run (no node has the label), created as a script would.
    const names = Array.from({ length: BULK }, (_, i) => `bulk-${String(i).padStart(3, '0')}`)
    for (let i = 0; i < names.length; i += 50)
      await Promise.all(
        names
          .slice(i, i + 50)
          .map((name) => cluster.createPod('default/chatty', { name, namespace: 'bulk', selector: { 'no-such': 'node' } })),
      )
    // Every namespace: the bulk pods and the few others, past the server's page of 500.
    await expect.poll(() => page.textContent('#pods-stat b'), { timeout: 60_000 }).toMatch(/\/51\d$/)
    expect(await page.textContent('#pods-pager span')).toMatch(/^1–100 of 51\d$/)
    await page.selectOption('#namespace-filter', 'bulk')
    await page.waitForSelector(`#pods-pager >> text=1–100 of ${BULK}`)
    expect(await page.$('#pods tr[data-pod="talker"]')).toBeNull()
    await page.click('#pods-pager button[data-page="last"]')
    await page.waitForSelector(`#pods-pager >> text=501–510 of ${BULK}`)
    await page.waitForSelector('#pods tr[data-pod="bulk-509"]')
    await page.selectOption('#namespace-filter', 'default')
    await page.waitForSelector('#pods tr[data-pod="talker"]')
    expect(await page.$('#pods tr[data-namespace="bulk"]')).toBeNull()
    expect(await page.$('#pods-pager')).toBeNull()
  }, 300_000)

  it('gives a viewer no buttons and a user buttons only on their own', async () => {
    const viewer = await signIn('vera@example.com', 'correct horse battery')
    await viewer.selectOption('#namespace-filter', 'default')
    await viewer.waitForSelector('#pods tr[data-pod="talker"]')
    await viewer.waitForSelector('#services tr[data-service="web"]')
    await viewer.waitForSelector('#nodes tr[data-node="node-a"]')
    expect(await viewer.locator('button[data-action]').count()).toBe(0)
    expect(await viewer.$('#create-join-link')).toBeNull()

    const bobToken = (
      await (
        await fetch(`${cluster.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'bob@example.com', password: 'correct horse battery' }),
        })
      ).json()
    ).accessToken
    const res = await fetch(`${cluster.url}/api/pods`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bobToken}` },
      body: JSON.stringify({ pack: 'shared', name: 'bobs', selector: { 'no-such': 'node' } }),
    })
    expect(res.status).toBe(201)
    const bob = await signIn('bob@example.com', 'correct horse battery')
    await bob.waitForSelector('#pods tr[data-pod="bobs"] button[data-action="delete"]')
    // Others' objects carry no buttons for him (what he may not see is not listed at all).
    expect(await bob.$('#pods tr[data-pod="talker"]')).toBeNull()
    expect(await bob.locator('#nodes button[data-action], #services button[data-action]').count()).toBe(0)
    await bob.click('#pods tr[data-pod="bobs"] button[data-action="delete"]')
    await until(
      async () => ['Stopping', 'Stopped'].includes((await cluster.pod('bobs').catch(() => ({ status: 'Stopped' }))).status),
      { what: 'bobs deleted' },
    )

    const phone = await signIn(ADMIN.email, ADMIN.password, { width: 390, height: 844 })
    await phone.selectOption('#namespace-filter', 'default')
    await phone.waitForSelector('#pods tr[data-pod="talker"] td.use svg.spark')
    await phone.click('#pods tr[data-pod="talker"] td.name')
    await phone.waitForSelector('#pod-logs span.line')
    await phone.screenshot({ path: join(artifacts, 'dashboard-views-phone.png'), fullPage: true })
  })
})
