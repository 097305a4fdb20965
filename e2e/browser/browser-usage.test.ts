/**
 * A browser node reports what a browser can measure: each pod's CPU as the busy share of its
 * worker's event loop, and the page's own JS heap for the node (no pod's memory: a page cannot
 * attribute memory to a worker). GET /api/usage shows both for the dashboard's charts.
 */
import { describe, expect, it } from 'vitest'
import { until } from '../harness/processes'
import { browserAvailable } from './chromium'
import { browserSuite, joinHeadless } from './suite'

const available = browserAvailable()

/** Keeps its worker busy 80 ms of every 100 ms until stopped. */
const BURNER = `
export default async function main(ctx) {
  console.log('burning')
  while (!ctx.signal.aborted) {
    const until = performance.now() + 80
    while (performance.now() < until) {}
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
`

type Sample = [number, number, number]
interface UsageAnswer {
  nodes: { id: string; name: string; samples: Sample[] }[]
  pods: { id: string; name: string; samples: Sample[] }[]
}

describe.skipIf(!available)('a browser node’s usage', () => {
  const suite = browserSuite({ chromiumArgs: ['--enable-precise-memory-info'], env: { STARK_HEARTBEAT_INTERVAL: '1s' } })

  it('shows a busy pod’s CPU and the page’s heap in GET /api/usage', async () => {
    const { cluster } = suite
    const page = await joinHeadless(suite, 'usage-browser')
    await cluster.register('burner', BURNER)
    const pod = await cluster.createPod('burner', { name: 'burner', resources: { cpu: 100, memory: 16 } })
    await cluster.waitPod('burner', (p) => p.status === 'Running', 'burner Running')
    const node = await cluster.node('usage-browser')

    const seen = await until(
      async () => {
        const usage = (await cluster.api('GET', '/api/usage')) as UsageAnswer
        const mine = usage.pods.find((p) => p.id === pod.id)?.samples.at(-1)
        const its = usage.nodes.find((n) => n.id === node.id)?.samples.at(-1)
        return mine && its && mine[1] >= 300 ? { pod: mine, node: its } : undefined
      },
      { timeoutMs: 30_000, what: 'the burner’s CPU in GET /api/usage' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${page.consoleLines.join('\n')}`)
    })
    // The worker was busy 80% of the time: no more than one core's worth, and clearly more than idle.
    expect(seen.pod[1]).toBeLessThanOrEqual(1000)
    // No memory figure for the pod; the node carries the page's heap beside its pods' CPU.
    expect(seen.pod[2]).toBe(0)
    expect(seen.node[2]).toBeGreaterThan(0)
    expect(seen.node[1]).toBeGreaterThanOrEqual(seen.pod[1])
  })
})
