/**
 * `/api/services` and `POST /api/pods/{ref}/rollback` on a real server (PGlite) with nodes joined
 * over the real WebSocket: validation, ownership, the views, and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../auth/passwords'
import { usersRepo } from '../../store/users'
import { connectFakeAgent, type FakeAgent } from '../../scheduler/testing/fake-agent'
import { startTestServer, type TestServer } from '../../testing/test-server'

let s: TestServer
let admin: string
let agents: FakeAgent[] = []

async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  for (const version of ['1.0.0', '2.0.0']) {
    expect(
      (
        await s.api(
          'POST',
          '/api/packs',
          { name: 'web', version, runtime: 'node', bundle: `export default async () => {} // ${version}` },
          admin,
        )
      ).status,
    ).toBe(201)
  }
  agents = [
    await connectFakeAgent(s.url, admin, { name: 'a', labels: { zone: 'x' } }),
    await connectFakeAgent(s.url, admin, { name: 'b' }),
  ]
})
afterAll(async () => {
  for (const a of agents) await a.close()
  await s.close()
})

const get = async (name: string) => (await s.api('GET', `/api/services/${name}`, undefined, admin)).body

describe('/api/services', () => {
  it('creates a service whose pods converge, and shows counts, pods with nodes, and events', async () => {
    const created = await s.api(
      'POST',
      '/api/services',
      { name: 'web', pack: 'web@1.0.0', replicas: 2, minReadySeconds: 0 },
      admin,
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({
      name: 'web',
      mode: 'replicas',
      replicas: 2,
      pack: { name: 'web', version: '1.0.0' },
      strategy: { maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0 },
    })
    const detail = await waitFor(
      async () => ((d) => (d.counts.available === 2 ? d : undefined))(await get('web')),
      'two available pods',
    )
    expect(detail.counts).toEqual({ desired: 2, current: 2, ready: 2, updated: 2, available: 2 })
    expect(detail.pods.map((p: { nodeName: string }) => p.nodeName).sort()).toEqual(['a', 'b'])
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['ServiceCreated', 'PodsCreated']))
    const pods = (await s.api('GET', '/api/pods', undefined, admin)).body.items
    expect(pods.filter((p: { service: string | null }) => p.service === 'web')).toHaveLength(2)
    const list = (await s.api('GET', '/api/services', undefined, admin)).body
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['web'])
  })

  it('scale, update (rolling), pause and resume through REST', async () => {
    expect((await s.api('POST', '/api/services/web/scale', { replicas: 3 }, admin)).body.replicas).toBe(3)
    await waitFor(async () => (await get('web')).counts.available === 3, 'three pods')
    const updated = await s.api('PATCH', '/api/services/web', { pack: 'web@2.0.0' }, admin)
    expect(updated.status).toBe(200)
    expect(updated.body.rollout).toMatchObject({ from: { version: '1.0.0' }, to: { version: '2.0.0' }, rollback: false })
    const done = await waitFor(
      async () =>
        ((d) => (d.counts.updated === 3 && d.counts.current === 3 && d.rollout === null ? d : undefined))(await get('web')),
      'rollout done',
    )
    expect(done.healthyVersion).toMatchObject({ version: '2.0.0' })
    expect((await s.api('POST', '/api/services/web/pause', undefined, admin)).body.paused).toBe(true)
    expect((await s.api('POST', '/api/services/web/scale', { replicas: 1 }, admin)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 300))
    expect((await get('web')).counts.current).toBe(3)
    expect((await s.api('POST', '/api/services/web/resume', undefined, admin)).body.paused).toBe(false)
    await waitFor(async () => (await get('web')).counts.current === 1, 'scaled down after resume')
  })

  it('DaemonSet mode: replicas 0 means one pod per matching node', async () => {
    const r = await s.api('POST', '/api/services', { name: 'edge', pack: 'web', replicas: 0, selector: { zone: 'x' } }, admin)
    expect(r.status).toBe(201)
    expect(r.body.mode).toBe('daemonset')
    const d = await waitFor(
      async () => ((x) => (x.counts.current === 1 && x.pods[0].status === 'Running' ? x : undefined))(await get('edge')),
      'daemon pod',
    )
    expect(d.counts.desired).toBe(1)
    expect(d.pods[0].nodeName).toBe('a')
    expect((await s.api('POST', '/api/services/edge/scale', { replicas: 2 }, admin)).status).toBe(400)
  })

  it('delete stops the pods and the service disappears', async () => {
    const r = await s.api('DELETE', '/api/services/edge', undefined, admin)
    expect(r.status).toBe(200)
    expect(r.body.deleting).toBe(true)
    // Its one pod was Running on a: now stopping, and no longer among the service's counts.
    expect(r.body.stopping).toBe(1)
    expect(r.body.counts.current).toBe(0)
    await waitFor(async () => (await s.api('GET', '/api/services/edge', undefined, admin)).status === 404, 'service gone')
    const pods = (await s.api('GET', '/api/pods', undefined, admin)).body.items
    expect(pods.filter((p: { service: string | null }) => p.service === 'edge')).toEqual([])
  })

  it.each([
    { name: 'unknown field', body: { name: 'x', pack: 'web', replicaz: 2 }, status: 400 },
    { name: 'bad name', body: { name: 'Bad_Name', pack: 'web' }, status: 400 },
    { name: 'unknown pack', body: { name: 'x', pack: 'nope' }, status: 404 },
    { name: 'no surge and no unavailability', body: { name: 'x', pack: 'web', maxSurge: 0, maxUnavailable: 0 }, status: 400 },
    { name: 'daemonset with replicas', body: { name: 'x', pack: 'web', daemonset: true, replicas: 2 }, status: 400 },
    { name: 'a name in use', body: { name: 'web', pack: 'web' }, status: 409 },
    { name: 'no such namespace', body: { name: 'x', pack: 'web', namespace: 'nowhere' }, status: 404 },
  ])('refuses: $name ($status)', async ({ body, status }) => {
    const r = await s.api('POST', '/api/services', body, admin)
    expect(r.status).toBe(status)
    expect(r.body.error.message).toEqual(expect.any(String))
  })

  it('404 for an unknown service; 401 without a token; other users see only their own', async () => {
    expect((await s.api('GET', '/api/services/nope', undefined, admin)).status).toBe(404)
    expect((await s.api('GET', '/api/services')).status).toBe(401)
    const u = await usersRepo.insert(s.deps.db, {
      email: 'u@example.com',
      passwordHash: await hashPassword('test-password-2'),
      role: 'user',
    })
    s.deps.state.users.set(u.id, u)
    const login = await s.api('POST', '/api/auth/login', { email: 'u@example.com', password: 'test-password-2' })
    const user = login.body.accessToken as string
    expect((await s.api('GET', '/api/services', undefined, user)).body.items).toEqual([])
    expect((await s.api('GET', '/api/services/web', undefined, user)).status).toBe(404)
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await s.api('GET', '/api/openapi.json')).body
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/services',
        '/api/services/{ref}',
        '/api/services/{ref}/scale',
        '/api/services/{ref}/pause',
        '/api/services/{ref}/resume',
        '/api/pods/{ref}/rollback',
      ]),
    )
  })
})

describe('POST /api/pods/{ref}/rollback', () => {
  it('runs the previous version as a new incarnation on the same node', async () => {
    expect((await s.api('POST', '/api/pods', { pack: 'web@2.0.0', name: 'solo' }, admin)).status).toBe(201)
    const running = await waitFor(
      async () =>
        ((p) => (p.status === 'Running' ? p : undefined))((await s.api('GET', '/api/pods/solo', undefined, admin)).body),
      'solo running',
    )
    const r = await s.api('POST', '/api/pods/solo/rollback', {}, admin)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({
      pack: { version: '1.0.0' },
      incarnation: running.incarnation + 1,
      nodeName: running.nodeName,
      reason: 'RolledBack',
    })
    const agent = agents.find((a) => a.nodeId === running.nodeId)!
    await waitFor(
      async () => agent.assigned.some((x) => x.name === 'solo' && x.incarnation === running.incarnation + 1),
      'the node got the old version',
    )
    expect((await s.api('POST', '/api/pods/solo/rollback', {}, admin)).status).toBe(409)
    expect((await s.api('POST', '/api/pods/solo/rollback', { version: '2.0.0', extra: 1 }, admin)).status).toBe(400)
  })
})
