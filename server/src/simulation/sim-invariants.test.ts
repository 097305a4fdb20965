/**
 * The checker flags what it is there to flag: the cluster is driven into each bad state by a
 * direct write (as a faulty controller would make it) and checked before anything repairs it.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import { createSimCluster, openSimStore, type SimCluster, type SimStore } from './sim-cluster'
import { createChecker } from './sim-invariants'
import type { ServiceSpec } from './sim-scenario'

let store: SimStore
let c: SimCluster | undefined
beforeAll(async () => {
  store = await openSimStore()
})
afterAll(() => store?.close())
afterEach(async () => {
  await c?.close()
  c = undefined
})

const SERVICES: ServiceSpec[] = [{ name: 's0', replicas: 2, tolerations: [], crashes: false }]

async function cluster() {
  c = await createSimCluster(store)
  const pack = await c.api('POST', '/api/packs', { name: 'sim', version: '1.0.0', bundle: 'export default async () => {}' })
  expect([201, 409]).toContain(pack.status)
  const checker = createChecker(c, SERVICES)
  await c.join('n0')
  await c.join('n1')
  expect((await c.api('POST', '/api/services', { name: 's0', pack: 'sim@1.0.0', replicas: 2 })).status).toBe(201)
  checker.noteOp()
  await c.advance(40_000, checker.check)
  expect(checker.converged()).toBe(true)
  return { c, checker, pods: () => [...c!.generation.state.pods.values()].filter((p) => p.status === 'Running') }
}

const put = (c: SimCluster, pod: PodRecord) => c.generation.server.deps.writes.run((tx) => tx.putPod(pod))

it('flags a pod left bound on a node that stopped being Ready', async () => {
  const { c, checker, pods } = await cluster()
  const pod = pods()[0]!
  const node = [...c.agents.values()].find((a) => a.nodeId === pod.nodeId)!
  node.freeze()
  await c.advance(15_000, checker.check)
  expect(c.generation.state.nodes.get(pod.nodeId!)?.status).not.toBe('Ready')
  await put(c, { ...c.generation.state.pods.get(pod.id)!, nodeId: pod.nodeId, status: 'Running', reason: null, deletedAt: null })
  expect(() => checker.check()).toThrow(/stays Running on NotReady node/)
})

it('flags more pods bound than replicas + maxSurge', async () => {
  const { c, checker, pods } = await cluster()
  const [a, b] = pods()
  await put(c, { ...a!, id: randomUUID(), name: `${a!.name}x` })
  checker.check()
  await put(c, { ...b!, id: randomUUID(), name: `${b!.name}x` })
  expect(() => checker.check()).toThrow(/4 pods bound, more than replicas 2 \+ maxSurge 1/)
})

it('flags a pod bound again and again within a minute', async () => {
  const { c, checker, pods } = await cluster()
  let pod = pods()[0]!
  for (let i = 0; i < 9; i++) {
    pod = { ...pod, status: 'Scheduled', incarnation: pod.incarnation + 1 }
    await put(c, pod)
  }
  expect(() => checker.check()).toThrow(/was bound \d+ times in a simulated minute/)
})

it('flags a service that does not converge within the bound while a node could run it', async () => {
  const { c } = await cluster()
  // A paused service is not scaled: asked for 3 pods, it keeps 2 though both nodes could run more.
  expect((await c.api('POST', '/api/services/s0/pause')).status).toBe(200)
  expect((await c.api('POST', '/api/services/s0/scale', { replicas: 3 })).status).toBe(200)
  const checker = createChecker(c, [{ name: 's0', replicas: 3, tolerations: [], crashes: false }])
  checker.noteOp()
  await expect(c.advance(4 * 60_000, checker.check)).rejects.toThrow(
    /service s0 has not converged 1\d\d s after the cluster last changed/,
  )
})

it('flags a pod left on a node that left on purpose, without waiting out an eviction delay', async () => {
  const { c, checker, pods } = await cluster()
  const pod = pods()[0]!
  const agent = [...c.agents.values()].find((a) => a.nodeId === pod.nodeId)!
  await agent.leave()
  await c.advance(5_000, checker.check)
  expect(c.generation.state.nodes.get(pod.nodeId!)?.statusReason).toBe('Left')
  await put(c, { ...c.generation.state.pods.get(pod.id)!, nodeId: pod.nodeId, status: 'Running', reason: null, deletedAt: null })
  expect(() => checker.check()).toThrow(/stays Running on node n\d, \d+ s after it left on purpose/)
})

it('gives no start-up grace to a node that reconnected to the restarted server and then closed', async () => {
  const { c, checker, pods } = await cluster()
  await c.restart()
  await c.advance(2_000, checker.check)
  const pod = pods()[0]!
  const agent = [...c.agents.values()].find((a) => a.nodeId === pod.nodeId)!
  await agent.close()
  await c.advance(5_000, checker.check)
  expect(c.now() - c.generation.startedAt).toBeLessThan(c.config.nodeHealth.startupGraceMs ?? 30_000)
  await put(c, { ...c.generation.state.pods.get(pod.id)!, nodeId: pod.nodeId, status: 'Running', reason: null, deletedAt: null })
  expect(() => checker.check()).toThrow(/stays Running on NotReady node/)
})
