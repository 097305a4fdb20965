import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSimCluster, openSimStore, type SimCluster, type SimStore } from './sim-cluster'

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

describe('the simulated cluster', () => {
  it('runs a service on simulated agents, replaces the pods of a silent node and survives a restart', async () => {
    c = await createSimCluster(store)
    expect(
      (await c.api('POST', '/api/packs', { name: 'web', version: '1.0.0', bundle: 'export default async () => {}' })).status,
    ).toBe(201)
    await c.join('a')
    await c.join('b')
    expect((await c.api('POST', '/api/services', { name: 'web', pack: 'web@1.0.0', replicas: 3 })).status).toBe(201)
    await c.advance(5000)
    const running = () => [...c!.generation.state.pods.values()].filter((p) => p.status === 'Running' && p.deletedAt === null)
    expect(running()).toHaveLength(3)
    const [victim, other] = c.agents.get('a')!.nodeId === running()[0]!.nodeId ? ['a', 'b'] : ['b', 'a']
    c.agents.get(victim!)!.freeze()
    await c.advance(40_000)
    expect(running()).toHaveLength(3)
    expect(running().every((p) => p.nodeId === c!.agents.get(other!)!.nodeId)).toBe(true)
    await c.restart({ reconnectAfterMs: 1000 })
    await c.advance(5000)
    expect(running()).toHaveLength(3)
  })

  it('has agents leave with node:leave, and a deleted agent forget itself and join again as a new node', async () => {
    c = await createSimCluster(store)
    await c.join('a')
    await c.join('b')
    const a = c.agents.get('a')!
    const b = c.agents.get('b')!
    const aId = a.nodeId!
    await a.leave()
    expect(c.generation.state.nodes.get(aId)).toMatchObject({ status: 'Offline', statusReason: 'Left' })
    await a.leave({ remove: true })
    await c.join('a')
    expect(a.nodeId).toBe(aId)
    await a.leave({ remove: true })
    expect(c.generation.state.nodes.has(aId)).toBe(false)
    expect(a.nodeId).toBeUndefined()
    const bId = b.nodeId!
    expect((await c.api('DELETE', '/api/nodes/b')).status).toBe(409)
    expect((await c.api('DELETE', '/api/nodes/b?force=true')).status).toBeLessThan(300)
    expect(b.state).toBe('deleted')
    expect(b.nodeId).toBeUndefined()
    await c.join('b')
    expect(b.state).toBe('up')
    expect(b.nodeId).not.toBe(bId)
    expect(c.generation.state.nodes.get(b.nodeId!)?.status).toBe('Ready')
  })
})

it('starts every cluster from an emptied store, with the accounts and packs kept', async () => {
  c = await createSimCluster(store)
  await c.join('a')
  await c.close()
  c = await createSimCluster(store)
  expect(c.generation.state.nodes.size).toBe(0)
  expect([...c.generation.state.packs.values()].map((p) => p.name)).toContain('web')
  expect(await c.eventCount()).toBe(0)
  await c.join('a')
  expect(c.generation.state.nodes.size).toBe(1)
})
