/**
 * Changing a service's pod template (`PATCH /api/services/:ref` with env, args, resources,
 * placement, priority) through the app, in-process: a change is a new revision (hash, history,
 * rollback restores the template), labels and strategy leave the template alone, a DaemonSet's
 * template is refused with the way out, and a template PATCH is held to every check of create —
 * a tenant cannot reach by an update what it may not create.
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0', '1.1.0'] })

const get = async (name: string) => (await h.call('GET', `/api/services/${name}`, undefined, h.alice)).body
const history = async (name: string) =>
  (await h.call('GET', `/api/services/${name}/history`, undefined, h.alice)).body.items as {
    revision: number
    templateHash: string
    template: { env: Record<string, string>; args: string[]; resources: { cpu: number } }
    reason: string
    current: boolean
  }[]

describe('service template updates', () => {
  it('a new env is a new revision with its own hash; the same env again changes nothing', async () => {
    const created = await h.call('POST', '/api/services', { name: 'web', pack: 'hello@1.0.0', env: { MODE: 'one' } }, h.alice)
    expect(created.status).toBe(201)
    const first = created.body
    expect(first.templateHash).toMatch(/^[0-9a-f]{16}$/)
    const updated = await h.call('PATCH', '/api/services/web', { env: { MODE: 'two' }, args: ['--fast'] }, h.alice)
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({
      template: { env: { MODE: 'two' }, args: ['--fast'], resources: first.template.resources },
      generation: first.generation + 1,
      pack: { version: '1.0.0' },
    })
    expect(updated.body.templateHash).not.toBe(first.templateHash)
    expect(updated.body.condition.message).toMatch(/rolling out hello@1\.0\.0 \(template [0-9a-f]{8}\).*env, args changed/)
    const again = await h.call('PATCH', '/api/services/web', { env: { MODE: 'two' } }, h.alice)
    expect(again.body).toMatchObject({ generation: updated.body.generation, templateHash: updated.body.templateHash })
    const revisions = await history('web')
    expect(revisions.map((r) => [r.revision, r.template.env.MODE, r.current])).toEqual([
      [2, 'two', true],
      [1, 'one', false],
    ])
  })

  it('labels, strategy and replicas leave the template and its hash alone', async () => {
    const before = await get('web')
    const patched = await h.call('PATCH', '/api/services/web', { labels: { tier: 'front' }, maxSurge: 2 }, h.alice)
    expect(patched.body).toMatchObject({ templateHash: before.templateHash, labels: { tier: 'front' } })
    await h.call('POST', '/api/services/web/scale', { replicas: 2 }, h.alice)
    expect((await get('web')).templateHash).toBe(before.templateHash)
    expect(await history('web')).toHaveLength(2)
  })

  it('a resource left out keeps its value; priority replaces nothing else; a pack and a template change together are one revision', async () => {
    const before = await get('web')
    const r = await h.call('PATCH', '/api/services/web', { resources: { cpu: 250 }, pack: 'hello@1.1.0' }, h.alice)
    expect(r.body).toMatchObject({
      pack: { version: '1.1.0' },
      template: { resources: { cpu: 250, memory: before.template.resources.memory }, env: { MODE: 'two' } },
    })
    expect(await history('web')).toHaveLength(3)
  })

  it('rollback restores the previous revision’s pack and template; toRevision goes to any', async () => {
    const back = await h.call('POST', '/api/services/web/rollback', undefined, h.alice)
    expect(back.body).toMatchObject({ pack: { version: '1.0.0' }, template: { env: { MODE: 'two' }, resources: { cpu: 100 } } })
    const first = (await history('web')).find((x) => x.revision === 1)!
    const to1 = await h.call('POST', '/api/services/web/rollback?toRevision=1', undefined, h.alice)
    expect(to1.body).toMatchObject({ pack: { version: '1.0.0' }, template: { env: { MODE: 'one' }, args: [] } })
    // Its old hash again: pods of that template still running are up to date.
    expect(to1.body.templateHash).toBe(first.templateHash)
    expect((await h.call('POST', '/api/services/web/rollback?toRevision=1', undefined, h.alice)).status).toBe(409)
  })

  it('a template the service ran before gets its old hash back when applied again', async () => {
    const revisions = await history('web')
    // Revision 2: env two, args --fast, the default resources (revision 3 had more CPU).
    const two = revisions.find((x) => x.revision === 2)!
    expect(two.template).toMatchObject({ env: { MODE: 'two' }, args: ['--fast'], resources: { cpu: 100 } })
    const r = await h.call('PATCH', '/api/services/web', { env: { MODE: 'two' }, args: ['--fast'] }, h.alice)
    expect(r.body.templateHash).toBe(two.templateHash)
  })

  it('refuses a DaemonSet’s template change with the way out; the same template is no change', async () => {
    expect((await h.call('POST', '/api/services', { name: 'agent', pack: 'hello', daemonset: true }, h.alice)).status).toBe(201)
    const refused = await h.call('PATCH', '/api/services/agent', { env: { A: 'b' } }, h.alice)
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toMatch(/DaemonSet.*cannot change in place.*stark service delete agent/)
    expect((await h.call('PATCH', '/api/services/agent', { env: {} }, h.alice)).status).toBe(200)
  })

  it('honours If-Match: a stale version is refused with 412 and changes nothing', async () => {
    const before = await get('web')
    const res = await h.server.app.request('/api/services/web', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${h.alice.token}`, 'content-type': 'application/json', 'if-match': '"stale"' },
      body: JSON.stringify({ env: { MODE: 'three' } }),
    })
    expect(res.status).toBe(412)
    expect((await get('web')).templateHash).toBe(before.templateHash)
  })
})

describe('a template update is held to the checks of create', () => {
  it('refuses what create refuses: admin-only priorities and classes, both at once, an unknown class, bad bodies', async () => {
    expect((await h.call('POST', '/api/priorityclasses', { name: 'critical', value: 900 }, h.admin)).status).toBe(201)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'mid', value: 400 }, h.admin)).status).toBe(201)
    // What create refuses …
    const create = await h.call('POST', '/api/services', { name: 'vip', pack: 'hello', priorityClass: 'critical' }, h.alice)
    expect(create.status).toBe(403)
    const before = await get('web')
    // … an update refuses alike, and the service is left as it was.
    const bad = [
      [{ priority: 900 }, 403],
      [{ priorityClass: 'critical' }, 403],
      [{ priorityClass: 'no-such-class' }, 400],
      [{ priority: 10, priorityClass: 'mid' }, 400],
      [{ resources: { cpu: 2_000_000 } }, 400],
      [{ resources: { cpu: 100, gpu: 1 } }, 400],
      [{ env: { 'BAD NAME': 'x' } }, 400],
      [{ tolerations: [{ key: 'k', operator: 'Sideways' }] }, 400],
      [{ secrets: ['token'] }, 400],
    ] as const
    for (const [body, status] of bad) {
      const r = await h.call('PATCH', '/api/services/web', body, h.alice)
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status)
    }
    expect(await get('web')).toMatchObject({ templateHash: before.templateHash, generation: before.generation })
    // A class a user may use is fine; an admin may use any.
    expect((await h.call('PATCH', '/api/services/web', { priorityClass: 'mid' }, h.alice)).body).toMatchObject({
      template: { priority: 400, priorityClass: 'mid' },
    })
    expect((await h.call('PATCH', '/api/services/web', { priority: 10 }, h.alice)).body).toMatchObject({
      template: { priority: 10, priorityClass: null },
    })
    expect((await h.call('PATCH', '/api/services/web', { priorityClass: 'critical' }, h.admin)).status).toBe(200)
  })

  it('a priority an admin gave stays when its owner changes something else, but the owner cannot set it again', async () => {
    const r = await h.call('PATCH', '/api/services/web', { env: { MODE: 'four' } }, h.alice)
    expect(r.body).toMatchObject({ template: { env: { MODE: 'four' }, priority: 900, priorityClass: 'critical' } })
    expect((await h.call('PATCH', '/api/services/web', { priority: 0 }, h.alice)).status).toBe(200)
    expect((await h.call('PATCH', '/api/services/web', { priorityClass: 'critical' }, h.alice)).status).toBe(403)
  })

  it('other users cannot see it, viewers cannot change it', async () => {
    expect((await h.call('PATCH', '/api/services/web', { env: { X: '1' } }, h.bob)).status).toBe(404)
    expect((await h.call('PATCH', '/api/services/web', { env: { X: '1' } }, h.val)).status).toBe(403)
    expect((await h.call('PATCH', '/api/services/web', { env: { X: '1' } })).status).toBe(401)
  })
})
