/**
 * What a user may not see answers exactly as what does not exist: the same status, the same code
 * and the same message but for the name. Bob probes Alice's namespace, pods, services, secrets and
 * private packs through every verb that takes a name, next to names that exist nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'

let s: TestServer
const token: Record<string, string> = {}
const BUNDLE = `export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`

async function ok(method: string, path: string, body: unknown, who: string, status = 201) {
  const r = await s.api(method, path, body, token[who])
  if (r.status !== status) throw new Error(`${who} ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

beforeAll(async () => {
  s = await startTestServer()
  token.admin = await s.admin()
  for (const name of ['alice', 'bob']) {
    await ok(
      'POST',
      '/api/auth/register',
      { email: `${name}@example.com`, password: `${name}-password-1`, role: 'user' },
      'admin',
    )
    token[name] = (
      await ok('POST', '/api/auth/login', { email: `${name}@example.com`, password: `${name}-password-1` }, 'none', 200)
    ).accessToken
  }
  await ok('POST', '/api/namespaces', { name: 'alice-ns' }, 'alice')
  await ok('POST', '/api/namespaces', { name: 'bob-ns' }, 'bob')
  // Packs of the shared namespace (names anyone there could want) and of each tenant's own.
  await ok('POST', '/api/packs', { name: 'alice-pack', version: '1.0.0', bundle: BUNDLE }, 'alice')
  await ok('POST', '/api/packs', { name: 'alice-pub', version: '1.0.0', visibility: 'public', bundle: BUNDLE }, 'alice')
  await ok('POST', '/api/packs', { name: 'alice-pack', version: '1.0.0', namespace: 'alice-ns', bundle: BUNDLE }, 'alice')
  await ok('POST', '/api/packs', { name: 'bob-pack', version: '1.0.0', namespace: 'bob-ns', bundle: BUNDLE }, 'bob')
  await ok('POST', '/api/pods', { pack: 'alice-pack', name: 'alice-pod', namespace: 'alice-ns' }, 'alice')
  await ok('POST', '/api/services', { name: 'alice-svc', pack: 'alice-pack', namespace: 'alice-ns', replicas: 1 }, 'alice')
  await ok('POST', '/api/secrets', { name: 'alice-secret', namespace: 'alice-ns', data: { K: 'v' } }, 'alice')
}, 120_000)

afterAll(async () => {
  await s?.close()
})

/** The answer with every spelling of the two names made the same. */
const shape = (r: { status: number; body: any }, names: string[]) => ({
  status: r.status,
  code: r.body?.error?.code,
  message: names.reduce((m: string, n) => m.split(n).join('NAME'), String(r.body?.error?.message ?? '')),
})

describe('hidden answers as absent', () => {
  const probes: [string, string, (name: string) => unknown, string, string][] = [
    // [method, path with {x}, body for {x}, hidden name, absent name]
    ['GET', '/api/namespaces/{x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['DELETE', '/api/namespaces/{x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['POST', '/api/pods', (x) => ({ pack: 'bob-ns/bob-pack', name: 'p1', namespace: x }), 'alice-ns', 'ghost-ns'],
    ['POST', '/api/pods', (x) => ({ pack: `alice-ns/${x}`, name: 'p2', namespace: 'bob-ns' }), 'alice-pack', 'ghost-pack'],
    ['POST', '/api/pods', (x) => ({ pack: `${x}/alice-pack@1.0.0`, name: 'p3', namespace: 'bob-ns' }), 'alice-ns', 'ghost-ns'],
    [
      'POST',
      '/api/services',
      (x) => ({ name: 's1', pack: 'bob-ns/bob-pack', namespace: x, replicas: 1 }),
      'alice-ns',
      'ghost-ns',
    ],
    [
      'POST',
      '/api/services',
      (x) => ({ name: 's2', pack: `alice-ns/${x}`, namespace: 'bob-ns', replicas: 1 }),
      'alice-pack',
      'ghost-pack',
    ],
    ['POST', '/api/secrets', (x) => ({ name: 'sec', namespace: x, data: { K: 'v' } }), 'alice-ns', 'ghost-ns'],
    ['GET', '/api/secrets?namespace={x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['DELETE', '/api/secrets/alice-secret?namespace={x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['GET', '/api/pods/alice-pod?namespace={x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['GET', '/api/pods/{x}?namespace=alice-ns', () => undefined, 'alice-pod', 'ghost-pod'],
    ['DELETE', '/api/pods/{x}?namespace=alice-ns', () => undefined, 'alice-pod', 'ghost-pod'],
    ['GET', '/api/pods/{x}/logs?namespace=alice-ns', () => undefined, 'alice-pod', 'ghost-pod'],
    ['GET', '/api/pods/{x}/history?namespace=alice-ns', () => undefined, 'alice-pod', 'ghost-pod'],
    ['POST', '/api/pods/{x}/rollback?namespace=alice-ns', () => ({}), 'alice-pod', 'ghost-pod'],
    ['GET', '/api/services/{x}?namespace=alice-ns', () => undefined, 'alice-svc', 'ghost-svc'],
    ['POST', '/api/services/{x}/scale?namespace=alice-ns', () => ({ replicas: 3 }), 'alice-svc', 'ghost-svc'],
    ['PATCH', '/api/services/{x}?namespace=alice-ns', () => ({ replicas: 2 }), 'alice-svc', 'ghost-svc'],
    ['POST', '/api/services/{x}/pause?namespace=alice-ns', () => ({}), 'alice-svc', 'ghost-svc'],
    ['DELETE', '/api/services/{x}?namespace=alice-ns', () => undefined, 'alice-svc', 'ghost-svc'],
    ['GET', '/api/packs/{x}/versions', () => undefined, 'alice-pack', 'ghost-pack'],
    ['GET', '/api/packs/{x}/versions?namespace=alice-ns', () => undefined, 'alice-pack', 'ghost-pack'],
    ['GET', '/api/packs/alice-pack/versions?namespace={x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['POST', '/api/packs', (x) => ({ name: 'bobs', version: '1.0.0', namespace: x, bundle: BUNDLE }), 'alice-ns', 'ghost-ns'],
    ['GET', '/api/events?namespace={x}', () => undefined, 'alice-ns', 'ghost-ns'],
    ['GET', '/api/events?resource=pod/{x}', () => undefined, 'alice-pod', 'ghost-pod'],
  ]
  for (const [method, path, body, hidden, absent] of probes) {
    it(`${method} ${path.replace('{x}', hidden)} answers as for ${absent}`, async () => {
      const seen = await s.api(method, path.replace('{x}', hidden), body(hidden), token.bob)
      const none = await s.api(method, path.replace('{x}', absent), body(absent), token.bob)
      expect(shape(seen, [hidden, absent])).toEqual(shape(none, [hidden, absent]))
      if (seen.status === 200) expect(JSON.stringify(seen.body)).not.toContain('alice')
    })
  }

  // Names shared by everyone (namespaces, packs of a shared namespace): a taken name is taken for
  // everyone, so the answer can only be that it is taken, whether its holder is visible or not.
  it('a namespace name held by someone unseen answers as one held by a shared namespace', async () => {
    const hidden = await s.api('POST', '/api/namespaces', { name: 'alice-ns' }, token.bob)
    const shared = await s.api('POST', '/api/namespaces', { name: 'default' }, token.bob)
    expect(shape(hidden, ['alice-ns', 'default'])).toEqual(shape(shared, ['alice-ns', 'default']))
    expect(hidden.body.error.message).not.toMatch(/exists|belongs|another user/)
  })

  it("a private pack's name answers as a public pack's name", async () => {
    const hidden = await s.api('POST', '/api/packs', { name: 'alice-pack', version: '9.0.0', bundle: BUNDLE }, token.bob)
    const visible = await s.api('POST', '/api/packs', { name: 'alice-pub', version: '9.0.0', bundle: BUNDLE }, token.bob)
    expect(shape(hidden, ['alice-pack', 'alice-pub'])).toEqual(shape(visible, ['alice-pack', 'alice-pub']))
    expect(hidden.body.error.message).not.toMatch(/belongs|another user/)
  })

  it('the things probed are there (the probes would otherwise prove nothing)', async () => {
    expect((await s.api('GET', '/api/pods/alice-pod?namespace=alice-ns', undefined, token.alice)).status).toBe(200)
    expect((await s.api('GET', '/api/services/alice-svc?namespace=alice-ns', undefined, token.alice)).status).toBe(200)
    expect((await s.api('GET', '/api/packs/alice-pack/versions?namespace=alice-ns', undefined, token.alice)).status).toBe(200)
    // Bob may register into his own namespace, under a name Alice holds in hers and in the shared one.
    expect(
      (
        await s.api(
          'POST',
          '/api/packs',
          { name: 'alice-pack', version: '1.0.0', namespace: 'bob-ns', bundle: BUNDLE },
          token.bob,
        )
      ).status,
    ).toBe(201)
    expect(
      (await s.api('GET', '/api/secrets?namespace=alice-ns', undefined, token.alice)).body.items?.length ?? 1,
    ).toBeGreaterThan(0)
  })
})
