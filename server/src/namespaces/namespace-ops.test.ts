/**
 * Namespace commands (namespace-ops.ts) through the app, in-process: who may see, create, change
 * and delete a namespace, what a name must be, its quota admitting pods, and deleting one only
 * once it is empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppHarness, type AppHarness, type Caller } from '../testing/app-harness'

let h: AppHarness
let alice: Caller
let bob: Caller
let val: Caller

beforeAll(async () => {
  h = await startAppHarness()
  ;[alice, bob, val] = [await h.user('alice'), await h.user('bob'), await h.user('val', 'viewer')]
  expect((await h.call('POST', '/api/packs', { name: 'hello', version: '1.0.0', bundle: '// hello' }, alice)).status).toBe(201)
}, 180_000)
afterAll(() => h?.close())

const names = async (caller: Caller) =>
  ((await h.call('GET', '/api/namespaces', undefined, caller)).body.items as { name: string }[]).map((n) => n.name)

describe('namespace commands', () => {
  it('creates a namespace owned by its creator, seen by them, viewers and admins, not by other users', async () => {
    const created = await h.call('POST', '/api/namespaces', { name: 'team-a' }, alice)
    expect(created).toMatchObject({ status: 201, body: { name: 'team-a', ownerId: alice.id, usage: { pods: 0 } } })
    expect(await names(alice)).toEqual(expect.arrayContaining(['default', 'team-a']))
    expect(await names(bob)).not.toContain('team-a')
    expect(await names(val)).toContain('team-a')
    expect((await h.call('GET', '/api/namespaces/team-a', undefined, bob)).status).toBe(404)
    expect((await h.call('GET', '/api/namespaces/team-a', undefined, h.admin)).status).toBe(200)
  })

  it('validates names and bodies, and a name is taken once', async () => {
    expect((await h.call('POST', '/api/namespaces', { name: 'Team A' }, alice)).status).toBe(400)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-b', colour: 'blue' }, alice)).status).toBe(400)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-a' }, bob)).status).toBe(409)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-v' }, val)).status).toBe(403)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-x' })).status).toBe(401)
  })

  it('lets only admins change a quota, and the quota admits pods', async () => {
    expect((await h.call('PATCH', '/api/namespaces/team-a', { quota: { pods: 1 } }, alice)).status).toBe(403)
    const changed = await h.call('PATCH', '/api/namespaces/team-a', { quota: { pods: 1 } }, h.admin)
    expect(changed).toMatchObject({ status: 200, body: { quota: { pods: 1 } } })
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'one', namespace: 'team-a' }, alice)).status).toBe(201)
    const over = await h.call('POST', '/api/pods', { pack: 'hello', name: 'two', namespace: 'team-a' }, alice)
    expect(over.status).toBe(403)
    expect(JSON.stringify(over.body)).toMatch(/quota/i)
    expect((await h.call('POST', '/api/pods', { pack: 'hello', namespace: 'team-a' }, bob)).status).toBe(404)
  })

  it('deletes a namespace only for its owner or an admin, never a shared one, and only once empty', async () => {
    expect((await h.call('DELETE', '/api/namespaces/default', undefined, h.admin)).status).toBe(403)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, val)).status).toBe(403)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, bob)).status).toBe(404)
    const full = await h.call('DELETE', '/api/namespaces/team-a', undefined, alice)
    expect(full.status).toBe(409)
    expect(JSON.stringify(full.body)).toContain('1 pod')
    expect((await h.call('DELETE', '/api/pods/one?namespace=team-a', undefined, alice)).status).toBe(200)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, alice)).body).toEqual({ deleted: true, name: 'team-a' })
    expect(await names(alice)).not.toContain('team-a')
  })
})
