/**
 * Namespace commands (namespace-ops.ts) through the app, in-process: who may see, create, change
 * and delete a namespace, what a name must be, its quota admitting pods, and deleting one only
 * once it is empty (its packs going with it, once no other namespace runs them).
 */
import { describe, expect, it } from 'vitest'
import { type Caller, useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0'] })

const names = async (caller: Caller) =>
  ((await h.call('GET', '/api/namespaces', undefined, caller)).body.items as { name: string }[]).map((n) => n.name)

describe('namespace commands', () => {
  it('creates a namespace owned by its creator, seen by them, viewers and admins, not by other users', async () => {
    const created = await h.call('POST', '/api/namespaces', { name: 'team-a' }, h.alice)
    expect(created).toMatchObject({ status: 201, body: { name: 'team-a', ownerId: h.alice.id, usage: { pods: 0 } } })
    expect(await names(h.alice)).toEqual(expect.arrayContaining(['default', 'team-a']))
    expect(await names(h.bob)).not.toContain('team-a')
    expect(await names(h.val)).toContain('team-a')
    expect((await h.call('GET', '/api/namespaces/team-a', undefined, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/namespaces/team-a', undefined, h.admin)).status).toBe(200)
  })

  it('validates names and bodies, and a name is taken once', async () => {
    expect((await h.call('POST', '/api/namespaces', { name: 'Team A' }, h.alice)).status).toBe(400)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-b', colour: 'blue' }, h.alice)).status).toBe(400)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-a' }, h.bob)).status).toBe(409)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-v' }, h.val)).status).toBe(403)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-x' })).status).toBe(401)
  })

  it('lets only admins change a quota, and the quota admits pods', async () => {
    expect((await h.call('PATCH', '/api/namespaces/team-a', { quota: { pods: 1 } }, h.alice)).status).toBe(403)
    const changed = await h.call('PATCH', '/api/namespaces/team-a', { quota: { pods: 1 } }, h.admin)
    expect(changed).toMatchObject({ status: 200, body: { quota: { pods: 1 } } })
    expect((await h.call('POST', '/api/pods', { pack: 'default/hello', name: 'one', namespace: 'team-a' }, h.alice)).status).toBe(
      201,
    )
    const over = await h.call('POST', '/api/pods', { pack: 'default/hello', name: 'two', namespace: 'team-a' }, h.alice)
    expect(over.status).toBe(403)
    expect(JSON.stringify(over.body)).toMatch(/quota/i)
    expect((await h.call('POST', '/api/pods', { pack: 'default/hello', namespace: 'team-a' }, h.bob)).status).toBe(404)
  })

  it('deletes a namespace only for its owner or an admin, never a shared one, and only once empty', async () => {
    expect((await h.call('DELETE', '/api/namespaces/default', undefined, h.admin)).status).toBe(403)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, h.val)).status).toBe(403)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, h.bob)).status).toBe(404)
    const full = await h.call('DELETE', '/api/namespaces/team-a', undefined, h.alice)
    expect(full.status).toBe(409)
    expect(JSON.stringify(full.body)).toContain('1 pod')
    expect((await h.call('DELETE', '/api/pods/one?namespace=team-a', undefined, h.alice)).status).toBe(200)
    // Its packs go with it, but not while another namespace's pod runs one.
    const pack = { name: 'team-tool', version: '1.0.0', namespace: 'team-a', visibility: 'public', bundle: '// tool' }
    expect((await h.call('POST', '/api/packs', pack, h.alice)).status).toBe(201)
    expect((await h.call('POST', '/api/pods', { pack: 'team-a/team-tool', name: 'borrower' }, h.bob)).status).toBe(201)
    const used = await h.call('DELETE', '/api/namespaces/team-a', undefined, h.alice)
    expect(used.status).toBe(409)
    expect(used.body.detail).toBe('the packs of namespace team-a are used by 1 pod of other namespaces: delete it first')
    for (let i = 0; i < 2; i++) await h.call('DELETE', '/api/pods/borrower', undefined, h.bob) // stopped, then removed
    expect((await h.call('GET', '/api/pods/borrower', undefined, h.bob)).status).toBe(404)
    expect((await h.call('DELETE', '/api/namespaces/team-a', undefined, h.alice)).body).toEqual({ deleted: true, name: 'team-a' })
    expect(await names(h.alice)).not.toContain('team-a')
    expect((await h.call('GET', '/api/packs?namespace=team-a', undefined, h.alice)).body.items).toEqual([])
    // The name is free again, and so is its namespace's.
    expect((await h.call('POST', '/api/namespaces', { name: 'team-a' }, h.bob)).status).toBe(201)
    expect((await h.call('POST', '/api/packs', { ...pack, version: '1.0.0' }, h.bob)).status).toBe(201)
  })
})
