/**
 * Quotas on a real server with a node connected over the WebSocket: creation is refused past the
 * quota even under a burst of concurrent creates, and pods a controller makes (a service's) are
 * not bound past it — they wait Pending with the reason, and take the room when it frees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectFakeAgent, type FakeAgent } from '../scheduler/testing/fake-agent'
import { startTestServer, type TestServer } from '../testing/test-server'

let s: TestServer
let admin: string
let agent: FakeAgent

const until = async (fn: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (await fn()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out: ${what}`)
}
const pods = async (ns: string) => (await s.api('GET', `/api/pods?namespace=${ns}`, undefined, admin)).body.items as any[]

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  agent = await connectFakeAgent(s.url, admin, { name: 'big', allocatable: { cpu: 64_000, memory: 64_000, pods: 500 } })
  expect(
    (await s.api('POST', '/api/packs', { name: 'svc', version: '1.0.0', bundle: 'export default async () => {}' }, admin)).status,
  ).toBe(201)
})
afterAll(async () => {
  await agent?.close()
  await s?.close()
})

describe('namespace quotas', () => {
  it('a burst of concurrent creates admits exactly as many pods as the quota allows', async () => {
    expect((await s.api('POST', '/api/namespaces', { name: 'burst', quota: { pods: 5 } }, admin)).status).toBe(201)
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => s.api('POST', '/api/pods', { pack: 'default/svc', namespace: 'burst' }, admin)),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5)
    const refused = answers.filter((a) => a.status !== 201)
    expect(refused).toHaveLength(15)
    for (const r of refused)
      expect(r.body.error).toEqual({ code: 'forbidden', message: 'quota of namespace burst exceeded: pods 5 of 5 used' })
    expect((await s.api('GET', '/api/namespaces/burst', undefined, admin)).body.usage.pods).toBe(5)
  })

  it('a service’s pods beyond the quota wait Pending with the reason, and are placed once room frees', async () => {
    expect((await s.api('POST', '/api/namespaces', { name: 'svc-ns', quota: { pods: 2, cpu: 1000 } }, admin)).status).toBe(201)
    expect(
      (
        await s.api(
          'POST',
          '/api/services',
          { name: 'web', pack: 'default/svc', namespace: 'svc-ns', replicas: 4, resources: { cpu: 100 } },
          admin,
        )
      ).status,
    ).toBe(201)
    await until(async () => (await pods('svc-ns')).filter((p) => p.status === 'Running').length === 2, 'two service pods running')
    await until(
      async () =>
        (await pods('svc-ns')).filter(
          (p) => p.status === 'Pending' && /quota of namespace svc-ns exceeded: pods 2 of 2 used/.test(p.message ?? ''),
        ).length === 2,
      'two pods pending on the quota',
    )
    expect((await pods('svc-ns')).filter((p) => p.status === 'Running')).toHaveLength(2)
    // An admin raises the quota: the waiting pods are placed.
    expect((await s.api('PATCH', '/api/namespaces/svc-ns', { quota: { pods: 4, cpu: 1000 } }, admin)).status).toBe(200)
    await s.api('PATCH', '/api/nodes/big', { labels: { nudge: 'yes' } }, admin) // any cluster change retries parked pods at once
    await until(
      async () => (await pods('svc-ns')).filter((p) => p.status === 'Running').length === 4,
      'four service pods running',
    )
  })
})
