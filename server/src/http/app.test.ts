/** The REST layer against a real server: every bad input gets a clear 4xx, nothing crashes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'

let s: TestServer
let token: string

beforeAll(async () => {
  s = await startTestServer({ config: { limits: { maxBodyBytes: 64 * 1024, authAttemptsPerMinute: 20 } } })
  token = await s.admin()
})
afterAll(() => s.close())

describe('REST input handling', () => {
  it('health answers with the database state', async () => {
    const r = await s.api('GET', '/health')
    expect(r).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok', engine: 'pglite' } })
  })

  it('refuses a second setup', async () => {
    const r = await s.api('POST', '/api/auth/setup', { email: 'other@example.com', password: 'test-password-2' })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('conflict')
  })

  it.each([
    ['malformed JSON', '{"email": '],
    ['a JSON array', '[]'],
    ['a number', '42'],
    ['missing fields', {}],
    ['unknown fields', { email: 'a@b.c', password: 'test-password-1', admin: true }],
    ['wrong types', { email: 12, password: null }],
  ])('answers 400 with a message for %s', async (_, body) => {
    const r = await s.api('POST', '/api/auth/login', body)
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'bad_request', message: expect.any(String) })
  })

  it('requires a token on /api and says how to get one', async () => {
    const r = await s.api('GET', '/api/pods')
    expect(r.status).toBe(401)
    expect(r.body.error.message).toMatch(/Bearer/)
    expect((await s.api('GET', '/api/pods', undefined, 'garbage.token.here')).status).toBe(401)
  })

  it('answers unknown routes with a JSON 404', async () => {
    const r = await s.api('GET', '/api/nope', undefined, token)
    expect(r).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })

  it('refuses an oversized body with 413', async () => {
    const r = await s.api('POST', '/api/packs', { name: 'big', version: '1.0.0', bundle: 'x'.repeat(100 * 1024) }, token)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('payload_too_large')
  })

  it('validates pod requests: bad names, priorities, labels', async () => {
    for (const body of [
      { pack: 'x', name: 'Bad_Name' },
      { pack: 'x', priority: 5000 },
      { pack: 'x', selector: { 'bad key!': 'v' } },
      { pack: '' },
    ]) {
      const r = await s.api('POST', '/api/pods', body, token)
      expect(r.status, JSON.stringify(body)).toBe(400)
    }
    expect((await s.api('POST', '/api/pods', { pack: 'missing' }, token)).status).toBe(404)
  })

  it('registers a pack once per version and lists it', async () => {
    const body = { name: 'hello', version: '1.0.0', bundle: 'export default async () => {}' }
    expect((await s.api('POST', '/api/packs', body, token)).status).toBe(201)
    expect((await s.api('POST', '/api/packs', body, token)).status).toBe(409)
    const list = await s.api('GET', '/api/packs', undefined, token)
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('hello')
  })

  it('creates a Pending pod with a diagnosis, finds it by name, deletes it', async () => {
    const created = await s.api('POST', '/api/pods', { pack: 'hello@1.0.0', name: 'p1' }, token)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'p1',
      status: 'Pending',
      pack: { name: 'hello', version: '1.0.0' },
      service: null,
      incarnation: 0,
    })
    await new Promise((r) => setTimeout(r, 100))
    const got = await s.api('GET', '/api/pods/p1', undefined, token)
    expect(got.body.message).toBe('0/0 nodes available: no nodes registered.')
    expect((await s.api('POST', '/api/pods', { pack: 'hello', name: 'p1' }, token)).status).toBe(409)
    const del = await s.api('DELETE', '/api/pods/p1', undefined, token)
    expect(del.body.pod).toMatchObject({ status: 'Stopped' })
    expect((await s.api('DELETE', '/api/pods/p1', undefined, token)).body).toMatchObject({ deleted: true })
    expect((await s.api('GET', '/api/pods/p1', undefined, token)).status).toBe(404)
  })

  it('serves an OpenAPI 3.1 document', async () => {
    const r = await s.api('GET', '/api/openapi.json')
    expect(r.body.openapi).toBe('3.1.0')
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining(['/api/pods', '/api/pods/{ref}', '/api/auth/login', '/health']),
    )
  })

  it('logout revokes the session', async () => {
    const login = await s.api('POST', '/api/auth/login', { email: 'admin@example.com', password: 'test-password-1' })
    const t = login.body.accessToken
    expect((await s.api('GET', '/api/auth/whoami', undefined, t)).body).toMatchObject({ kind: 'user', role: 'admin' })
    expect((await s.api('POST', '/api/auth/logout', undefined, t)).status).toBe(204)
    expect((await s.api('GET', '/api/auth/whoami', undefined, t)).status).toBe(401)
    expect((await s.api('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401)
  })

  it('refresh rotates the refresh token', async () => {
    const login = await s.api('POST', '/api/auth/login', { email: 'admin@example.com', password: 'test-password-1' })
    const r1 = await s.api('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })
    expect(r1.status).toBe(200)
    expect((await s.api('GET', '/api/auth/whoami', undefined, r1.body.accessToken)).status).toBe(200)
    expect((await s.api('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401)
  })

  it('rate-limits login attempts', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++)
      statuses.push((await s.api('POST', '/api/auth/login', { email: 'admin@example.com', password: 'wrong-password' })).status)
    expect(statuses).toContain(429)
    expect((await s.api('GET', '/health')).status).toBe(200)
  })
})
