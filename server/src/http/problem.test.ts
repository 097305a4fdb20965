/**
 * Errors as RFC 9457 problem details on a real server: every kind of refusal answers
 * `application/problem+json` with type, title, status, detail and instance; invalid fields come
 * with JSON pointers; a method a path does not answer is 405 with `Allow`; a missing or bad token
 * is 401 with `WWW-Authenticate`. Also the orchestrator probes /livez and /readyz, and the
 * document's operation ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { jsonPointer } from './problem'

let s: TestServer
let admin: string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
})
afterAll(() => s?.close())

const send = (method: string, path: string, body?: unknown, token: string | undefined = admin) =>
  fetch(s.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const body = await res.json()
  expect(body).toMatchObject({
    status: res.status,
    type: expect.stringMatching(/^urn:stark:problem:[a-z-]+$/),
    title: expect.any(String),
  })
  expect(body.detail).toBe(body.error.message)
  return body
}

describe('problem details', () => {
  it('a missing resource: 404 with the request path as instance', async () => {
    const p = await problemOf(await send('GET', '/api/pods/nope'))
    expect(p).toMatchObject({
      status: 404,
      title: 'Not Found',
      code: 'not_found',
      instance: '/api/pods/nope',
      detail: expect.stringMatching(/nope/),
    })
  })

  it('an invalid body: 400 with a JSON pointer to every bad field', async () => {
    const res = await send('POST', '/api/services', { name: 'Bad Name', pack: 'x', replicas: -1 })
    const p = await problemOf(res)
    expect(p.status).toBe(400)
    const pointers = p.errors.map((e: { pointer: string }) => e.pointer)
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/replicas']))
    for (const e of p.errors) expect(typeof e.detail).toBe('string')
  })

  it('an invalid query: pointers under /query', async () => {
    const p = await problemOf(await send('GET', '/api/pods?limit=0'))
    expect(p.errors).toEqual([expect.objectContaining({ pointer: '/query/limit' })])
  })

  it('a method the path does not answer: 405 with Allow', async () => {
    const res = await send('PUT', '/api/pods')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST')
    const p = await problemOf(res)
    expect(p.code).toBe('method_not_allowed')
    // A path nothing answers stays a 404.
    expect((await send('GET', '/api/nothing-here')).status).toBe(404)
  })

  it('no token or a bad one: 401 with WWW-Authenticate', async () => {
    const none = await send('GET', '/api/pods', undefined, '')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="stark"')
    await problemOf(none)
    const bad = await send('GET', '/api/pods', undefined, 'not-a-token')
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="stark", error="invalid_token"')
  })

  it('a conflict and a forbidden action are problems too', async () => {
    expect((await send('POST', '/api/namespaces', { name: 'twice' })).status).toBe(201)
    const again = await problemOf(await send('POST', '/api/namespaces', { name: 'twice' }))
    expect(again).toMatchObject({ status: 409, title: 'Conflict', code: 'conflict' })
  })
})

describe('creates', () => {
  it('answer 201 with the Location of the new object', async () => {
    const ns = await send('POST', '/api/namespaces', { name: 'placed' })
    expect(ns.status).toBe(201)
    expect(ns.headers.get('location')).toBe('/api/namespaces/placed')
    expect((await send('GET', ns.headers.get('location')!)).status).toBe(200)
    const pc = await send('POST', '/api/priorityclasses', { name: 'high', value: 1000 })
    expect(pc.headers.get('location')).toBe('/api/priorityclasses/high')
    // Namespaced kinds name their namespace; a pack's is its versions.
    const bundle = 'export default async function main() {}'
    const created = [
      [
        await send('POST', '/api/packs', { name: 'loc', version: '1.0.0', runtime: 'node', bundle }),
        '/api/packs/loc/versions?namespace=default',
      ],
      [
        await send('POST', '/api/secrets', { name: 'loc', namespace: 'placed', data: { K: 'v' } }),
        '/api/secrets/loc?namespace=placed',
      ],
      [await send('POST', '/api/pods', { name: 'loc', pack: 'loc' }), '/api/pods/loc?namespace=default'],
      [await send('POST', '/api/services', { name: 'loc', pack: 'loc', replicas: 0 }), '/api/services/loc?namespace=default'],
    ] as const
    for (const [res, location] of created) {
      expect(res.status).toBe(201)
      expect(res.headers.get('location')).toBe(location)
      expect((await send('GET', location)).status).toBe(200)
    }
    // Not a create: no Location.
    expect((await send('POST', '/api/auth/refresh', { refreshToken: 'x' }, undefined)).headers.get('location')).toBeNull()
  })

  it('with an Idempotency-Key, a repeat gets the first answer instead of acting twice', async () => {
    const create = (key: string, name: string, token = admin) =>
      fetch(`${s.url}/api/namespaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ name }),
      })
    const first = await create('key-1', 'once')
    expect(first.status).toBe(201)
    const firstBody = await first.json()
    // Concurrent and later repeats: the same 201 and body, marked as replayed; one namespace exists.
    const repeats = await Promise.all([create('key-1', 'once'), create('key-1', 'once')])
    for (const r of repeats) {
      expect(r.status).toBe(201)
      expect(r.headers.get('idempotent-replayed')).toBe('true')
      expect(r.headers.get('location')).toBe('/api/namespaces/once')
      expect(await r.json()).toEqual(firstBody)
    }
    // Without the key the same create is a conflict: it really happened once.
    expect((await send('POST', '/api/namespaces', { name: 'once' })).status).toBe(409)
    // The same key for another body is refused.
    const reused = await create('key-1', 'other')
    expect(reused.status).toBe(422)
    expect((await problemOf(reused)).code).toBe('idempotency_key_reused')
    // A refusal is an answer too: replayed as it was.
    const refused = await create('key-2', 'Not A Name')
    expect(refused.status).toBe(400)
    const again = await create('key-2', 'Not A Name')
    expect(again.status).toBe(400)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    // Two requests that answer concurrently under different keys both act.
    const [a, b] = await Promise.all([create('key-a', 'alpha'), create('key-b', 'beta')])
    expect([a.status, b.status]).toEqual([201, 201])
  })
})

describe('optimistic concurrency', () => {
  it('GET gives an ETag; of two writers holding the same version, one wins and the other gets 412', async () => {
    expect((await send('POST', '/api/priorityclasses', { name: 'contested', value: 10 })).status).toBe(201)
    const read = await send('GET', '/api/priorityclasses/contested')
    const tag = read.headers.get('etag')!
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    // The object shows its version too (the tag without quotes), and the body is whole.
    const object = await read.json()
    expect(object).toMatchObject({ name: 'contested', value: 10, resourceVersion: tag.slice(1, -1) })
    // Nothing changed: If-None-Match answers 304.
    const same = await fetch(`${s.url}/api/priorityclasses/contested`, {
      headers: { authorization: `Bearer ${admin}`, 'if-none-match': tag },
    })
    expect(same.status).toBe(304)
    const write = () =>
      fetch(`${s.url}/api/priorityclasses/contested`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}`, 'if-match': tag },
      }).then((r) => r.status)
    const statuses = await Promise.all([write(), write()])
    expect(statuses.sort((a, b) => a - b)).toEqual([200, 412])
  })

  it('a stale If-Match on PATCH is refused with 412 and changes nothing', async () => {
    expect((await send('POST', '/api/namespaces', { name: 'versioned' })).status).toBe(201)
    const tag = (await send('GET', '/api/namespaces/versioned')).headers.get('etag')!
    const patch = (quota: { pods: number }, ifMatch: string) =>
      fetch(`${s.url}/api/namespaces/versioned`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify({ quota }),
      })
    const first = await patch({ pods: 5 }, tag)
    expect(first.status, await first.clone().text()).toBe(200)
    const stale = await patch({ pods: 6 }, tag)
    expect(stale.status).toBe(412)
    // The bare resourceVersion from the body names the same version as the quoted tag.
    const fresh = await (await send('GET', '/api/namespaces/versioned')).json()
    expect((await patch({ pods: 7 }, 'W/"stale"')).status).toBe(412)
    const bare = await patch({ pods: 5 }, fresh.resourceVersion)
    expect(bare.status, await bare.clone().text()).toBe(200)
    expect((await problemOf(stale)).code).toBe('precondition_failed')
    const now = await (await send('GET', '/api/namespaces/versioned')).json()
    expect(now.quota).toMatchObject({ pods: 5 })
    // If-Match on something that does not exist: 412.
    const ghost = await fetch(`${s.url}/api/namespaces/ghost`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}`, 'if-match': '*' },
    })
    expect(ghost.status).toBe(412)
  })
})

describe('probes for orchestrators', () => {
  it('/livez and /readyz answer without a token', async () => {
    const live = await send('GET', '/livez', undefined, '')
    expect(live.status).toBe(200)
    expect(await live.json()).toMatchObject({ status: 'ok' })
    const ready = await send('GET', '/readyz', undefined, '')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' })
  })
})

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId, public ones security: [], and servers', async () => {
    const doc = await (await send('GET', '/api/openapi.json')).json()
    const ops: { id: string; security: unknown[]; path: string }[] = []
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const m of ['get', 'put', 'post', 'delete', 'patch'])
        if (item[m]) ops.push({ id: item[m].operationId, security: item[m].security, path })
    expect(ops.length).toBeGreaterThan(40)
    expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length)
    expect(ops.find((o) => o.path === '/livez')?.security).toEqual([])
    expect(ops.find((o) => o.path === '/api/pods')?.security).toEqual([{ Bearer: [] }])
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    expect(doc.security).toEqual([{ Bearer: [] }])
  })

  it('documents the conventions the middleware adds: ETag and resourceVersion, If-Match, Idempotency-Key, Location', async () => {
    const doc = await (await send('GET', '/api/openapi.json')).json()
    const header = (op: any, name: string) => op.parameters?.find((p: any) => p.in === 'header' && p.name === name)
    const get = doc.paths['/api/services/{ref}'].get
    expect(get.responses['200'].headers.ETag).toBeDefined()
    expect(get.responses['304']).toBeDefined()
    expect(JSON.stringify(get.responses['200'].content['application/json'].schema)).toContain('resourceVersion')
    expect(header(get, 'If-None-Match')).toBeDefined()
    for (const op of [doc.paths['/api/services/{ref}'].patch, doc.paths['/api/pods/{ref}'].delete]) {
      expect(header(op, 'If-Match')).toBeDefined()
      expect(op.responses['412']).toBeDefined()
    }
    const create = doc.paths['/api/pods'].post
    expect(header(create, 'Idempotency-Key')).toBeDefined()
    expect(create.responses['422']).toBeDefined()
    expect(create.responses['201'].headers.Location).toBeDefined()
    // A list is not one object: no If-None-Match there.
    expect(header(doc.paths['/api/pods'].get, 'If-None-Match')).toBeUndefined()
  })
})

describe('jsonPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(jsonPointer(['env', 'a/b', 'c~d', 0])).toBe('/env/a~1b/c~0d/0')
    expect(jsonPointer(['limit'], '/query')).toBe('/query/limit')
    expect(jsonPointer([])).toBe('')
  })
})
