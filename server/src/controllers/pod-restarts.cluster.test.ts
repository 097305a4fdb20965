/**
 * Restarts on the real server composition (simulated agents, fake clock): the pods of a node that
 * goes away are not at fault, so they go back to the scheduler at once, with no back-off, and are
 * placed on the nodes left before any time passes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSimCluster, openSimStore, type SimCluster, type SimStore } from '../simulation/sim-cluster'

let store: SimStore
let c: SimCluster | undefined
beforeAll(async () => {
  store = await openSimStore()
})
afterAll(() => store.close())
afterEach(async () => {
  await c?.close()
  c = undefined
})

async function clusterWithService(nodes: string[], replicas: number): Promise<SimCluster> {
  const cluster = await createSimCluster(store)
  const pack = await cluster.api('POST', '/api/packs', { name: 'web', version: '1.0.0', bundle: 'export default async () => {}' })
  expect([201, 409]).toContain(pack.status)
  for (const n of nodes) await cluster.join(n)
  expect((await cluster.api('POST', '/api/services', { name: 'web', pack: 'web@1.0.0', replicas })).status).toBe(201)
  await cluster.advance(2000)
  return cluster
}

const livePods = (cl: SimCluster) => [...cl.generation.state.pods.values()].filter((p) => p.deletedAt === null)
const nodeName = (cl: SimCluster, id: string | null) => (id ? cl.generation.state.nodes.get(id)?.name : undefined)

describe('pods of a node that goes away', () => {
  it.each([
    ['leaves on purpose (node:leave)', 'NodeLeft'],
    ['is deleted (stark node delete --force)', 'NodeDeleted'],
  ])(
    'when it %s are placed elsewhere at once, counted as no crash, however often it happens',
    async (_what, reason) => {
      c = await clusterWithService(['a', 'b'], 4)
      expect(livePods(c).filter((p) => p.status === 'Running')).toHaveLength(4)
      const before = new Map(livePods(c).map((p) => [p.id, p.incarnation]))
      const goAway = async (name: string) => {
        if (reason === 'NodeLeft') await c!.agents.get(name)!.leave()
        else expect((await c!.api('DELETE', `/api/nodes/${name}?force=true`)).status).toBeLessThan(300)
        await c!.settle()
      }
      const start = c.now()
      await goAway('a')
      await c.join('c')
      // The pods that were on a are lost a second time: still no back-off.
      await goAway('b')
      expect(c.now() - start).toBeLessThan(1000) // less than the first back-off step: none was waited out
      for (const [id, incarnation] of before) {
        const now = c.generation.state.pods.get(id)!
        expect(now.status).toBe('Running')
        expect(nodeName(c, now.nodeId)).toBe('c')
        expect(now.incarnation).toBeGreaterThan(incarnation)
        const history = await c.api('GET', `/api/pods/${now.name}/history?namespace=default`)
        const reasons = (history.body.items as { reason: string | null }[]).map((h) => h.reason)
        expect(reasons).toContain(reason)
        expect(reasons).not.toContain('CrashLoopBackOff')
      }
    },
    90_000,
  )
})
