/**
 * A hidden or frozen tab: its page runs no code at all (here its renderer processes are stopped
 * with SIGSTOP, harsher than a throttled background tab), yet its node stays Ready, because the
 * server's pings are answered by the browser's network stack, not by page code. Once it runs
 * again it carries on.
 */
import { describe, expect, it } from 'vitest'
import { browserAvailable } from './chromium'
import { TICKER } from './packs'
import { browserSuite, joinHeadless } from './suite'

const available = browserAvailable()

describe.skipIf(!available)('a hidden, frozen tab', () => {
  // Silence of 6 s makes a node NotReady here (10 s by default), with a ping every second, so a freeze
  // longer than that grace need not take 15 s.
  const NODE_GRACE_MS = 6000
  const suite = browserSuite({ env: { STARK_NODE_GRACE: `${NODE_GRACE_MS}ms`, STARK_PING_INTERVAL: '1s' } })

  it('keeps its node Ready while no page code runs, and works again after', async () => {
    const { cluster, browser } = suite
    const page = await joinHeadless(suite, 'sleepy')
    // A page timer shows whether page code ran during the freeze.
    await page.evaluate(() => {
      const w = window as unknown as { ticks: number }
      w.ticks = 0
      setInterval(() => w.ticks++, 100)
    })
    // Stop every renderer of this browser (SIGSTOP): no page code runs at all, as in a frozen tab.
    const browserCdp = await browser.newBrowserCDPSession()
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[]
    }
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id)
    expect(renderers.length).toBeGreaterThan(0)
    const resume = () => renderers.forEach((pid) => process.kill(pid, 'SIGCONT'))
    for (const pid of renderers) process.kill(pid, 'SIGSTOP')
    const frozenAt = Date.now()
    let node: { status: string }
    let frozenFor: number
    try {
      // Longer than the server's silence before NotReady.
      await new Promise((r) => setTimeout(r, NODE_GRACE_MS + 3000))
      node = await cluster.node('sleepy')
      frozenFor = Date.now() - frozenAt
    } finally {
      resume()
    }
    const ticks = await page.evaluate(() => (window as unknown as { ticks: number }).ticks)
    expect(ticks, 'page timers ran during the freeze').toBeLessThan(frozenFor / 100 / 3)
    expect(node.status, `frozen for ${frozenFor} ms`).toBe('Ready')

    await cluster.register('ticker', TICKER, 'browser')
    await cluster.createPod('ticker', { name: 'after-sleep' })
    await cluster.waitPod(
      'after-sleep',
      (p) => p.status === 'Running' && p.nodeName === 'sleepy',
      'after-sleep Running on sleepy',
    )
  })
})
