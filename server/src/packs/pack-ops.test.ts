/**
 * Pack commands (pack-ops.ts) and pack references (pack-resolve.ts) through the app, in-process:
 * a pack is registered into a namespace its caller may use, its name is unique there (two
 * tenants each have their `web`), and a pod or service names a pack of its own namespace by
 * `name[@version]` or one of another by `ns/name[@version]` — public, or the caller's own; any
 * other answers exactly as a pack that does not exist.
 */
import { jsonRequest } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness()
const bundle = (tag: string) => `export default async function main(ctx) { ctx.log(${JSON.stringify(tag)}) }`
const register = (caller: Parameters<typeof h.call>[3], name: string, version: string, more: Record<string, unknown> = {}) =>
  h.call('POST', '/api/packs', { name, version, bundle: bundle(`${name}@${version}`), ...more }, caller)
const pod = (caller: Parameters<typeof h.call>[3], pack: string, namespace: string, name?: string) =>
  h.call('POST', '/api/pods', { pack, namespace, ...(name ? { name } : {}) }, caller)
/** An answer with the names in it made alike (so a hidden pack and a missing one compare). */
const shape = (r: { status: number; body: any }, names: string[]) => ({
  status: r.status,
  detail: names.reduce((m: string, n) => m.split(n).join('NAME'), String(r.body?.detail ?? '')),
})

describe('pack names in namespaces', () => {
  it('registers into a namespace the caller may use; another tenant’s answers as absent, system is for admins', async () => {
    expect((await h.call('POST', '/api/namespaces', { name: 'team-a' }, h.alice)).status).toBe(201)
    expect((await h.call('POST', '/api/namespaces', { name: 'team-b' }, h.bob)).status).toBe(201)
    const body = { name: 'web', version: '1.0.0', namespace: 'team-a', visibility: 'public', bundle: bundle('web') }
    const mine = await h.server.app.request('/api/packs', jsonRequest('POST', body, h.alice.token))
    expect(mine.status).toBe(201)
    expect(await mine.json()).toMatchObject({ name: 'web', version: '1.0.0', namespace: 'team-a' })
    expect(mine.headers.get('location')).toBe('/api/packs/web/versions?namespace=team-a')
    // Bob may not put a pack into Alice's namespace, nor learn that it exists.
    const squat = await register(h.bob, 'squat', '1.0.0', { namespace: 'team-a' })
    const ghost = await register(h.bob, 'squat', '1.0.0', { namespace: 'ghost-ns' })
    expect(shape(squat, ['team-a', 'ghost-ns'])).toEqual(shape(ghost, ['team-a', 'ghost-ns']))
    expect(squat.status).toBe(404)
    expect((await register(h.bob, 'sys', '1.0.0', { namespace: 'system' })).status).toBe(403)
    expect((await register(h.val, 'viewer', '1.0.0', { namespace: 'default' })).status).toBe(403)
    expect((await register(h.admin, 'sys', '1.0.0', { namespace: 'system' })).status).toBe(201)
    // `user` still means the shared default namespace.
    expect((await register(h.alice, 'old-style', '1.0.0', { namespace: 'user' })).body.namespace).toBe('default')
  })

  it('keeps a name unique per namespace: each tenant has its own web, and a shared namespace’s name is its first owner’s', async () => {
    const bobs = await register(h.bob, 'web', '1.0.0', { namespace: 'team-b' })
    expect(bobs.status).toBe(201)
    expect(bobs.body.namespace).toBe('team-b')
    expect((await register(h.bob, 'web', '1.0.0', { namespace: 'team-b' })).status).toBe(409)
    expect((await register(h.alice, 'web', '2.0.0', { namespace: 'team-a', visibility: 'public' })).status).toBe(201)
    // In the shared namespace the first to register a name holds it; the answer says taken, not whose.
    expect((await register(h.alice, 'shared-name', '1.0.0')).status).toBe(201)
    const taken = await register(h.bob, 'shared-name', '1.1.0')
    expect(taken.status).toBe(409)
    expect(taken.body.detail).toMatch(/taken in namespace default/)
    expect(taken.body.detail).not.toMatch(/alice/)
  })

  it('lists one namespace or all, and the versions of ns/name', async () => {
    const listed = async (query: string, caller = h.bob) =>
      (await h.call('GET', `/api/packs${query}`, undefined, caller)).body.items.map(
        (p: any) => `${p.namespace}/${p.name}@${p.version}`,
      )
    expect(await listed('?namespace=team-b')).toEqual(['team-b/web@1.0.0'])
    // Bob sees Alice's public web in team-a, not her private packs, and all of his own.
    const all = await listed('?name=web')
    expect(all).toEqual(['team-a/web@1.0.0', 'team-a/web@2.0.0', 'team-b/web@1.0.0'])
    const versions = await h.call('GET', '/api/packs/web/versions?namespace=team-a', undefined, h.bob)
    expect(versions.body.items.map((p: any) => p.version)).toEqual(['1.0.0', '2.0.0'])
    expect((await h.call('GET', '/api/packs/web/versions', undefined, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/packs/web/versions?namespace=Bad', undefined, h.bob)).status).toBe(400)
  })
})

describe('pack references', () => {
  it('resolves name[@version] in the pod’s own namespace, the highest version when none is named', async () => {
    const own = await pod(h.bob, 'web', 'team-b')
    expect(own.status).toBe(201)
    expect(own.body.pack).toMatchObject({ namespace: 'team-b', name: 'web', version: '1.0.0' })
    const alices = await pod(h.alice, 'web', 'team-a')
    expect(alices.body.pack).toMatchObject({ namespace: 'team-a', version: '2.0.0' })
    // A name the pod's namespace does not have is not looked for elsewhere.
    const none = await pod(h.bob, 'shared-name', 'team-b')
    expect(none.status).toBe(404)
    expect(none.body.detail).toBe('pack shared-name not found in namespace team-b')
  })

  it('runs a public pack of another namespace as ns/name@version', async () => {
    const cross = await pod(h.bob, 'team-a/web@1.0.0', 'team-b', 'borrowed')
    expect(cross.status).toBe(201)
    expect(cross.body.pack).toMatchObject({ namespace: 'team-a', name: 'web', version: '1.0.0' })
    expect((await pod(h.bob, 'team-a/web', 'team-b')).body.pack.version).toBe('2.0.0')
    const svc = await h.call('POST', '/api/services', { name: 'front', namespace: 'team-b', pack: 'team-a/web@1.0.0' }, h.bob)
    expect(svc.status).toBe(201)
    expect(svc.body.pack).toMatchObject({ namespace: 'team-a', name: 'web', version: '1.0.0' })
  })

  it('refuses a private pack of another namespace exactly as one that does not exist', async () => {
    expect((await register(h.alice, 'secret-sauce', '1.0.0', { namespace: 'team-a' })).status).toBe(201)
    for (const [hidden, absent, names] of [
      ['team-a/secret-sauce@1.0.0', 'team-a/no-such@1.0.0', ['secret-sauce', 'no-such']],
      ['team-a/secret-sauce', 'ghost-ns/secret-sauce', ['team-a', 'ghost-ns']],
    ] as const) {
      const seen = await pod(h.bob, hidden, 'team-b')
      const none = await pod(h.bob, absent, 'team-b')
      expect(seen.status).toBe(404)
      expect(shape(seen, [...names])).toEqual(shape(none, [...names]))
      const svc = await h.call('POST', '/api/services', { name: 'nope', namespace: 'team-b', pack: hidden }, h.bob)
      expect(svc.status).toBe(404)
    }
    // Its owner runs it from anywhere she may use; an admin too.
    expect((await pod(h.alice, 'team-a/secret-sauce', 'default')).status).toBe(201)
    expect((await pod(h.admin, 'team-a/secret-sauce@1.0.0', 'default')).status).toBe(201)
  })

  it('refuses a malformed reference with a pointer to it', async () => {
    for (const pack of ['Team/web', 'team-a/', 'a/b/c', 'web@']) {
      const r = await pod(h.bob, pack, 'team-b')
      expect(r.status, pack).toBe(400)
      expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/pack' })])
    }
  })

  it('updates a service by version within its pack’s namespace, and by ns/name to another', async () => {
    const byVersion = await h.call('PATCH', '/api/services/front?namespace=team-b', { version: '2.0.0' }, h.bob)
    expect(byVersion.status).toBe(200)
    expect(byVersion.body.pack).toMatchObject({ namespace: 'team-a', name: 'web', version: '2.0.0' })
    // A name alone: the service's namespace first (Bob's own web) …
    const own = await h.call('PATCH', '/api/services/front?namespace=team-b', { pack: 'web@1.0.0' }, h.bob)
    expect(own.body.pack).toMatchObject({ namespace: 'team-b', name: 'web', version: '1.0.0' })
    const back = await h.call('PATCH', '/api/services/front?namespace=team-b', { pack: 'team-a/web@2.0.0' }, h.bob)
    expect(back.body.pack).toMatchObject({ namespace: 'team-a', version: '2.0.0' })
    // … and a name its namespace lacks, where the pack it runs lives.
    expect((await register(h.alice, 'web', '2.1.0', { namespace: 'team-a', visibility: 'public' })).status).toBe(201)
    await h.call('DELETE', '/api/services/front?namespace=team-b', undefined, h.bob)
    const other = await h.call('POST', '/api/services', { name: 'other', namespace: 'default', pack: 'team-a/web@1.0.0' }, h.bob)
    expect(other.status).toBe(201)
    const named = await h.call('PATCH', '/api/services/other', { pack: 'web@2.1.0' }, h.bob)
    expect(named.status).toBe(200)
    expect(named.body.pack).toMatchObject({ namespace: 'team-a', version: '2.1.0' })
  })
})
