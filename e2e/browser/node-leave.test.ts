/**
 * Leaving is not failing, in real Chromium: the dashboard's Leave button deletes the node (it
 * asks the server to remove it, reason Left), and the node's pods are replaced on the node left.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { until } from '../harness/processes'
import { browserAvailable, launchChromium, openPage } from './chromium'
import { startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()

interface PodView {
  name: string
  status: string
  nodeName: string | null
  deleting: boolean
}

/** The service's pods, once `ok` holds for them. */
const servicePods = (cluster: TestCluster, service: string, ok: (pods: PodView[]) => boolean, what: string) =>
  until(
    async () => {
      const s = (await cluster.api('GET', `/api/services/${service}`)) as { pods: PodView[] }
      const live = s.pods.filter((p) => !p.deleting)
      return ok(live) ? live : undefined
    },
    { timeoutMs: 60_000, what },
  )

describe.skipIf(!available)('a browser node that leaves', () => {
  let cluster: TestCluster | undefined
  let browser: Browser | undefined
  afterEach(async () => {
    await browser?.close()
    await cluster?.stop()
    cluster = browser = undefined
  })

  it("is deleted by the dashboard's Leave button, and its pods move to another node", async () => {
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium()])
    const c = cluster
    const join = async (name: string) => {
      const { url } = await c.api('POST', '/api/nodes/tokens', {}) // a join link per device
      const page = await openPage(await browser!.newContext(), url)
      await page.fill('#device input[name=name]', name)
      await page.click('#join')
      await page.waitForSelector('#node-state >> text=Ready')
      return page
    }
    const leaver = await join('leaver')
    await c.register('ticker', TICKER, 'browser')
    await c.api('POST', '/api/services', { name: 'ticks', pack: 'ticker', replicas: 2, resources: { cpu: 100, memory: 32 } })
    await servicePods(
      c,
      'ticks',
      (ps) => ps.length === 2 && ps.every((p) => p.status === 'Running' && p.nodeName === 'leaver'),
      'both pods Running on leaver',
    )
    await join('keeper')

    leaver.once('dialog', (d) => void d.accept())
    await leaver.click('#leave')
    // Gone from the server (not merely Offline), removed at its own request.
    await until(
      async () =>
        await c.node('leaver').then(
          () => false,
          (e: Error) => /HTTP 404/.test(e.message),
        ),
      {
        timeoutMs: 30_000,
        what: 'node leaver deleted',
      },
    )
    const deleted = (await c.api('GET', '/api/events?resource=node&type=NodeDeleted')).items as {
      resourceName: string
      reason: string
    }[]
    expect(deleted).toContainEqual(expect.objectContaining({ resourceName: 'leaver', reason: 'Left' }))
    const moved = await servicePods(
      c,
      'ticks',
      (ps) => ps.length === 2 && ps.every((p) => p.status === 'Running' && p.nodeName === 'keeper'),
      'both pods Running on keeper',
    )
    expect(moved.map((p) => p.nodeName)).toEqual(['keeper', 'keeper'])
    // The dashboard no longer runs a node: it offers to join again.
    await leaver.waitForSelector('#join')
  })
})
