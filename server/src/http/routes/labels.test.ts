/**
 * Labels on pods, services and nodes, and `labelSelector` on their lists, on a real server (PGlite)
 * with nodes joined over the real WebSocket: labels kept and shown, a service's pods labelled,
 * selectors filtering before paging, a bad selector a 400 problem naming the error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectFakeAgent, type FakeAgent } from '../../scheduler/testing/fake-agent'
import { startTestServer, type TestServer } from '../../testing/test-server'

let s: TestServer
let admin: string
let agents: FakeAgent[] = []

const names = (body: unknown) => ((body as { items: { name: string }[] }).items ?? []).map((i) => i.name).sort()
const list = async (path: string, selector: string, extra = '') =>
  s.api('GET', `${path}?labelSelector=${encodeURIComponent(selector)}${extra}`, undefined, admin)

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  const pack = { name: 'app', version: '1.0.0', runtime: 'node', bundle: 'export default async () => {}' }
  expect((await s.api('POST', '/api/packs', pack, admin)).status).toBe(201)
  agents = [
    await connectFakeAgent(s.url, admin, { name: 'n-a', labels: { zone: 'a', disk: 'ssd' } }),
    await connectFakeAgent(s.url, admin, { name: 'n-b', labels: { zone: 'b' } }),
  ]
  for (const [name, labels] of [
    ['p-front', { app: 'web', tier: 'front' }],
    ['p-back', { app: 'web', tier: 'back' }],
    ['p-batch', { app: 'batch' }],
    ['p-bare', undefined],
  ] as const) {
    const r = await s.api('POST', '/api/pods', { pack: 'app@1.0.0', name, ...(labels ? { labels } : {}) }, admin)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
})
afterAll(async () => {
  for (const a of agents) await a.close()
  await s.close()
})

describe('labels and labelSelector', () => {
  it('keeps a pod’s labels and shows them', async () => {
    const pod = await s.api('GET', '/api/pods/p-front', undefined, admin)
    expect(pod.body.labels).toEqual({ app: 'web', tier: 'front' })
    expect((await s.api('GET', '/api/pods/p-bare', undefined, admin)).body.labels).toEqual({})
  })

  it.each([
    ['app=web', ['p-back', 'p-front']],
    ['app==web,tier!=back', ['p-front']],
    ['tier in (front,back)', ['p-back', 'p-front']],
    ['app notin (web)', ['p-bare', 'p-batch']],
    ['!app', ['p-bare']],
    ['app', ['p-back', 'p-batch', 'p-front']],
    ['', ['p-back', 'p-bare', 'p-batch', 'p-front']],
  ])('pods with %j: %j', async (selector, want) => {
    const r = await list('/api/pods', selector)
    expect(r.status).toBe(200)
    expect(names(r.body)).toEqual(want)
  })

  it('filters before paging, so pages hold only matching pods and the cursor walks them all', async () => {
    const first = await list('/api/pods', 'app', '&limit=2')
    expect(names(first.body)).toEqual(['p-back', 'p-batch'])
    const second = await list('/api/pods', 'app', `&limit=2&cursor=${first.body.nextCursor}`)
    expect(names(second.body)).toEqual(['p-front'])
    expect(second.body.nextCursor).toBeNull()
  })

  it('selects nodes on their labels', async () => {
    expect(names((await list('/api/nodes', 'zone in (a,b),!disk')).body)).toEqual(['n-b'])
    expect(names((await list('/api/nodes', 'disk=ssd')).body)).toEqual(['n-a'])
  })

  it('labels a service and its pods (plus stark.io/service), and relabels them on update', async () => {
    const created = await s.api(
      'POST',
      '/api/services',
      { name: 'web', pack: 'app@1.0.0', replicas: 2, labels: { app: 'web', tier: 'svc' } },
      admin,
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.labels).toEqual({ app: 'web', tier: 'svc' })
    const servicePods = async (selector: string) => names((await list('/api/pods', selector)).body)
    await expect.poll(() => servicePods('stark.io/service=web'), { timeout: 10_000 }).toHaveLength(2)
    expect(await servicePods('tier=svc')).toEqual(await servicePods('stark.io/service=web'))
    expect(names((await list('/api/services', 'tier=svc')).body)).toEqual(['web'])
    expect(names((await list('/api/services', 'tier=other')).body)).toEqual([])

    const updated = await s.api('PATCH', '/api/services/web', { labels: { app: 'web', tier: 'edge' } }, admin)
    expect(updated.status, JSON.stringify(updated.body)).toBe(200)
    expect(updated.body.labels).toEqual({ app: 'web', tier: 'edge' })
    expect(await servicePods('tier=edge')).toHaveLength(2)
    expect(await servicePods('tier=svc')).toEqual([])
  })

  it.each(['=web', 'tier in (a', 'a b', 'x,'])('answers %j with a 400 problem naming the error', async (bad) => {
    for (const path of ['/api/pods', '/api/services', '/api/nodes']) {
      const r = await list(path, bad)
      expect(r.status).toBe(400)
      expect(r.body).toMatchObject({ status: 400, title: expect.any(String), type: expect.stringMatching(/^urn:stark:problem:/) })
      expect(r.body.detail).toMatch(/labelSelector: selector: /)
      expect(r.body.errors[0].pointer).toBe('/query/labelSelector')
    }
  })

  it('refuses invalid labels and the label Stark sets on service pods', async () => {
    for (const labels of [{ 'bad key!': 'x' }, { app: 'no spaces' }, { 'stark.io/service': 'web' }]) {
      const r = await s.api('POST', '/api/pods', { pack: 'app@1.0.0', labels }, admin)
      expect(r.status, JSON.stringify(labels)).toBe(400)
    }
  })
})
