/**
 * UI packs: a pack that declares `export const view = true` gets a visible sandboxed frame in the
 * node page (not a worker), draws into ctx.view, logs like any pod, and goes away when stopped.
 * The hostile probes, run as a UI pack, get nothing either.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { until } from '../harness/processes'
import { browserAvailable } from './chromium'
import { HOSTILE, UI_PACK } from './packs'
import { browserSuite, joinHeadless } from './suite'

const available = browserAvailable()

describe.skipIf(!available)('UI packs in a browser node', () => {
  const suite = browserSuite()
  let page: Page

  beforeAll(async () => {
    page = await joinHeadless(suite, 'kiosk')
  })

  const logsOf = async (pod: string) =>
    ((await suite.cluster.api('GET', `/api/pods/${pod}/logs`)).items as { line: string }[]).map((l) => l.line)

  it('shows the pack in a visible, sandboxed frame and removes it on stop', async () => {
    const { cluster } = suite
    await cluster.register('banner', UI_PACK, 'browser')
    await cluster.createPod('banner', { name: 'banner-1' })
    await cluster.waitPod('banner-1', (p) => p.status === 'Running', 'banner-1 Running')
    const frame = await page.waitForSelector('iframe[data-stark-view]')
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts')
    expect(await frame.isVisible()).toBe(true)
    const content = await until(
      async () => (await (await frame.contentFrame())?.textContent('h1').catch(() => null)) ?? undefined,
      { what: 'the view drawn' },
    )
    expect(content).toBe('Hello from banner-1')
    await until(async () => (await logsOf('banner-1')).includes('drawn in a object at origin null'), { what: 'the view pod log' })

    await cluster.api('DELETE', '/api/pods/banner-1')
    await cluster
      .waitPod('banner-1', (p) => p.status === 'Stopped', 'banner-1 Stopped')
      .catch(async () => {
        throw new Error(`banner-1 did not stop: ${JSON.stringify(await cluster.pod('banner-1').catch(() => 'gone'))}`)
      })
    await page.waitForSelector('iframe[data-stark-view]', { state: 'detached' })
    expect(await logsOf('banner-1')).toContain('view closing')
  })

  it('gives a hostile UI pack nothing of the app either', async () => {
    const { cluster } = suite
    await cluster.register('hostile-view', `export const view = true\n${HOSTILE}`, 'browser')
    await cluster.createPod('hostile-view', { name: 'hostile-view-1', env: { SERVER: cluster.url } })
    await cluster.waitPod('hostile-view-1', (p) => p.status === 'Succeeded' || p.status === 'Failed', 'hostile-view-1 finished')
    const lines = await until(async () => ((l) => (l.includes('probes done') ? l : undefined))(await logsOf('hostile-view-1')), {
      what: 'probe results',
    })
    const text = lines.join('\n')
    for (const what of [
      'indexedDB',
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
  })
})
