/**
 * One node per identity, in one tab: two tabs of one browser (one context) share the node's
 * identity; one runs it, the other says "this device runs in another tab" and can take over;
 * closing the tab that runs it hands the node to the other.
 */
import { describe, expect, it } from 'vitest'
import { until } from '../harness/processes'
import { browserAvailable, openPage } from './chromium'
import { TICKER } from './packs'
import { browserSuite } from './suite'

const available = browserAvailable()

describe.skipIf(!available)('two tabs of one browser', () => {
  const suite = browserSuite()

  it('elect one runner; the other takes over on request, and again when the runner closes', async () => {
    const { cluster, browser } = suite
    const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
    const context = await browser.newContext()
    const first = await openPage(context, url)
    await first.fill('#device input[name=name]', 'tabbed')
    await first.click('#join')
    const joined = await cluster.waitNode('tabbed', (n) => n.status === 'Ready', 'tabbed Ready')
    await first.waitForSelector('#node-state >> text=Ready')

    const second = await openPage(context, cluster.url)
    await second.waitForSelector('#another-tab >> text=This device runs in another tab')
    expect(await first.textContent('#node-state')).toBe('Ready')
    expect(await first.$('#another-tab')).toBeNull()

    // Explicit take-over: the second tab runs the node (same identity), the first stands by.
    await cluster.register('ticker', TICKER, 'browser')
    await second.click('#take-over')
    await first.waitForSelector('#another-tab')
    await second.waitForSelector('#node-state >> text=Ready')
    const taken = await cluster.waitNode('tabbed', (n) => n.status === 'Ready', 'tabbed Ready in the second tab')
    expect(taken.id).toBe(joined.id)
    await cluster.createPod('ticker', { name: 'in-second', restartPolicy: 'Always' })
    await cluster.waitPod('in-second', (p) => p.status === 'Running' && p.nodeName === 'tabbed', 'in-second Running')
    await second.waitForSelector('#device-logs >> text=hello from in-second on browser')
    expect(await first.$('#device-logs')).toBeNull()

    // Closing the runner hands over: the first tab runs the node again, the pod comes back there.
    const before = await cluster.pod('in-second')
    await second.close()
    await first.waitForSelector('#node-state >> text=Ready', { timeout: 20_000 })
    const after = await cluster.waitNode('tabbed', (n) => n.status === 'Ready', 'tabbed Ready in the first tab again')
    expect(after.id).toBe(joined.id)
    await cluster.waitPod(
      'in-second',
      (p) => p.status === 'Running' && p.incarnation > before.incarnation,
      'in-second running again after the hand-over',
    )
    await first.waitForSelector('#device-pods li[data-pod="in-second"] >> text=Running', { timeout: 20_000 })
    await until(async () => (await first.textContent('#device-logs'))?.includes('hello from in-second'), {
      what: 'the pod logs in the first tab',
    })
    await context.close()
  })
})
