/**
 * Closing a tab: its browser node goes NotReady at once and the service's pods on it move to
 * another browser node. Skipped, with the reason printed, on a server without the services API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { until } from '../harness/processes'
import { browserAvailable, launchChromium, openPage } from './chromium'
import { startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()

interface ServicePod {
  name: string
  status: string
  nodeName: string | null
}

describe.skipIf(!available)('closing a tab moves its service pods', () => {
  let cluster: TestCluster
  let browser: Browser
  const tabs = new Map<string, BrowserContext>()

  beforeAll(async () => {
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium()])
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  const servicePods = async (): Promise<ServicePod[]> =>
    ((await cluster.api('GET', '/api/pods')).items as (ServicePod & { service: string | null })[]).filter(
      (p) => p.service === 'steady',
    )

  it('re-creates the pods of a closed tab on the other browser node', async (ctx) => {
    const probe = await fetch(`${cluster.url}/api/services`, { headers: { authorization: `Bearer ${cluster.token}` } })
    if (probe.status === 404) {
      console.warn('SKIPPED: this server has no services API (GET /api/services answered 404)')
      return ctx.skip()
    }
    for (const name of ['tab-a', 'tab-b']) {
      const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
      const context = await browser.newContext()
      await openPage(context, `${url}&name=${name}&label=pool=move&headless=1`)
      tabs.set(name, context)
      await cluster.waitNode(name, (n) => n.status === 'Ready', `${name} Ready`)
    }
    await cluster.register('steady', TICKER, 'browser')
    await cluster.api('POST', '/api/services', {
      name: 'steady',
      pack: 'steady',
      replicas: 2,
      selector: { pool: 'move' },
      resources: { cpu: 100, memory: 32 },
    })
    const running = await until(
      async () => ((p) => (p.length === 2 && p.every((x) => x.status === 'Running') ? p : undefined))(await servicePods()),
      {
        timeoutMs: 30_000,
        what: 'two service pods Running',
      },
    )
    const victim = running[0]!.nodeName!
    const survivor = victim === 'tab-a' ? 'tab-b' : 'tab-a'

    // No wait for the server's start-up grace: it spares only nodes that were Ready before it started.
    await tabs.get(victim)!.close()
    await cluster.waitNode(victim, (n) => n.status === 'NotReady' || n.status === 'Offline', `${victim} NotReady`, 10_000)
    const moved = await until(
      async () =>
        ((p) => (p.length === 2 && p.every((x) => x.status === 'Running' && x.nodeName === survivor) ? p : undefined))(
          (await servicePods()).filter((x) => x.status !== 'Failed' && x.status !== 'Stopped' && x.status !== 'Succeeded'),
        ),
      { timeoutMs: 40_000, what: `both service pods Running on ${survivor}` },
    )
    expect(moved.map((p) => p.nodeName)).toEqual([survivor, survivor])
    const service = await cluster.api('GET', '/api/services/steady')
    expect(service.counts).toMatchObject({ desired: 2, ready: 2 })
  })
})
