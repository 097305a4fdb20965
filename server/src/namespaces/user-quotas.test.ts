/**
 * What bounds a user on a real server (real PGlite, real HTTP): their namespaces get the cluster's
 * default quota and may not raise it, at creation or after; pods waiting to start count against
 * both the namespace's quota and the user's own limit, also under a burst of concurrent creates
 * and in the shared `default` namespace (no quota there). No node is connected: every pod stays
 * Pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'

let s: TestServer
let admin: string
const token: Record<string, string> = {}

beforeAll(async () => {
  s = await startTestServer({ config: { userLimits: { pendingPods: 6, namespaceQuota: { pods: 4 } } } })
  admin = await s.admin()
  for (const name of ['alice', 'bob']) {
    const password = `${name}-long-password-1`
    expect(
      (await s.api('POST', '/api/auth/register', { email: `${name}@example.com`, password, role: 'user' }, admin)).status,
    ).toBe(201)
    token[name] = (await s.api('POST', '/api/auth/login', { email: `${name}@example.com`, password })).body.accessToken
    expect(
      (
        await s.api(
          'POST',
          '/api/packs',
          { name: `${name}-app`, version: '1.0.0', bundle: 'export default async () => {}' },
          token[name],
        )
      ).status,
    ).toBe(201)
  }
})
afterAll(() => s?.close())

const createPods = (who: string, namespace: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => s.api('POST', '/api/pods', { pack: `default/${who}-app`, namespace }, token[who])))

describe('user namespaces and quotas', () => {
  it('a user’s namespace gets the default quota; asking for more is refused, less is kept', async () => {
    const plain = await s.api('POST', '/api/namespaces', { name: 'alice-a' }, token.alice)
    expect(plain.status).toBe(201)
    expect(plain.body.quota).toEqual({ pods: 4 })
    const huge = await s.api('POST', '/api/namespaces', { name: 'alice-huge', quota: { pods: 100_000 } }, token.alice)
    expect(huge.status).toBe(403)
    expect(huge.body.error.message).toMatch(/pods 100000 is above 4 \(STARK_USER_NAMESPACE_PODS\)/)
    expect((await s.api('GET', '/api/namespaces/alice-huge', undefined, token.alice)).status).toBe(404)
    const small = await s.api('POST', '/api/namespaces', { name: 'alice-small', quota: { pods: 1, cpu: 500 } }, token.alice)
    expect(small.body.quota).toEqual({ pods: 1, cpu: 500 })
  })

  it('only an admin changes a quota: the owner may not raise their own', async () => {
    const raise = await s.api('PATCH', '/api/namespaces/alice-small', { quota: { pods: 1000 } }, token.alice)
    expect(raise.status).toBe(403)
    expect((await s.api('GET', '/api/namespaces/alice-small', undefined, token.alice)).body.quota).toEqual({ pods: 1, cpu: 500 })
    expect((await s.api('PATCH', '/api/namespaces/alice-small', { quota: { pods: 2 } }, admin)).status).toBe(200)
    // An admin's own namespace may have any quota, or none.
    expect((await s.api('POST', '/api/namespaces', { name: 'ops', quota: { pods: 50_000 } }, admin)).body.quota).toEqual({
      pods: 50_000,
    })
  })

  it('pending pods count against the namespace quota, under a burst too', async () => {
    const answers = await createPods('alice', 'alice-a', 10)
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4)
    for (const r of answers.filter((a) => a.status !== 201))
      expect(r.body.error).toEqual({ code: 'forbidden', message: 'quota of namespace alice-a exceeded: pods 4 of 4 used' })
    const ns = await s.api('GET', '/api/namespaces/alice-a', undefined, token.alice)
    expect(ns.body.usage.pods).toBe(4)
    const statuses = (await s.api('GET', '/api/pods?namespace=alice-a', undefined, token.alice)).body.items.map(
      (p: { status: string }) => p.status,
    )
    expect(statuses).toEqual(['Pending', 'Pending', 'Pending', 'Pending'])
  })

  it('a user’s pods waiting to start are bounded across namespaces, the shared default included (429 naming the limit)', async () => {
    // Alice has 4 waiting in alice-a; her limit is 6, so the burst into `default` (no quota) gets 2.
    const answers = await createPods('alice', 'default', 8)
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2)
    const refused = answers.filter((a) => a.status !== 201)
    expect(refused).toHaveLength(6)
    for (const r of refused) {
      expect(r.status).toBe(429)
      expect(r.body.error.message).toMatch(
        /you have 6 pods waiting to start \(Pending or Scheduled\), the most a user may \(STARK_USER_PENDING_PODS=6\)/,
      )
    }
    // Bob is not held back by Alice's pods; an admin is not bound.
    expect((await createPods('bob', 'default', 3)).map((a) => a.status)).toEqual([201, 201, 201])
    expect(
      (await s.api('POST', '/api/packs', { name: 'ops-app', version: '1.0.0', bundle: 'export default async () => {}' }, admin))
        .status,
    ).toBe(201)
    const adminPods = await Promise.all(
      Array.from({ length: 8 }, () => s.api('POST', '/api/pods', { pack: 'ops-app', namespace: 'default' }, admin)),
    )
    expect(adminPods.every((a) => a.status === 201)).toBe(true)
  })

  it('deleting a waiting pod frees its place', async () => {
    const mine = (await s.api('GET', '/api/pods?namespace=default', undefined, token.alice)).body.items as { id: string }[]
    expect((await s.api('DELETE', `/api/pods/${mine[0]!.id}`, undefined, token.alice)).status).toBeLessThan(300)
    const again = await createPods('alice', 'default', 1)
    expect(again[0]!.status).toBe(201)
  })

  it('services are no way around it: one user’s services together ask for at most as many replicas', async () => {
    const web = (replicas: number, name = 'web') => s.api('POST', '/api/services', { name, pack: 'bob-app', replicas }, token.bob)
    const tooMany = await web(7)
    expect(tooMany.status).toBe(403)
    expect(tooMany.body.error.message).toMatch(
      /your services would ask for 7 replicas together, above the 6 a user may \(STARK_USER_PENDING_PODS\)/,
    )
    expect((await web(4)).status).toBe(201)
    expect((await web(3, 'api')).status).toBe(403)
    expect((await s.api('POST', '/api/services/web/scale', { replicas: 6 }, token.bob)).status).toBe(200)
    expect((await s.api('POST', '/api/services/web/scale', { replicas: 7 }, token.bob)).status).toBe(403)
    expect((await s.api('POST', '/api/services/web/scale', { replicas: 2 }, token.bob)).status).toBe(200)
  })
})
