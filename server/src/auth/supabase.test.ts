/**
 * The Supabase Auth adapter with tokens signed here, shaped like a Supabase project's (no network):
 * HS256 with the project's JWT secret, ES256 with a JWKS; roles from app_metadata only.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createSupabaseVerifier, roleFromAppMetadata } from './supabase'

const URL_ = 'https://abcdefgh.supabase.co'
const SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'
const clock = fakeClock(Date.UTC(2026, 10, 27, 12))
const now = () => Math.floor(clock.now() / 1000)

const supabaseClaims = (over: Record<string, unknown> = {}) => ({
  iss: `${URL_}/auth/v1`,
  aud: 'authenticated',
  sub: randomUUID(),
  email: 'sam@example.com',
  role: 'authenticated',
  aal: 'aal1',
  session_id: randomUUID(),
  app_metadata: { provider: 'email', providers: ['email'] },
  user_metadata: {},
  iat: now(),
  exp: now() + 3600,
  ...over,
})

describe('supabase token verification', () => {
  const hs = createSupabaseVerifier({ url: URL_, jwtSecret: SECRET }, clock)

  it('accepts a project user token and maps the role from app_metadata', async () => {
    const claims = supabaseClaims({ app_metadata: { provider: 'email', role: 'viewer' } })
    expect(await hs.verify(await sign(claims, SECRET, 'HS256'))).toEqual({
      sub: claims.sub,
      email: 'sam@example.com',
      role: 'viewer',
      sessionId: claims.session_id,
    })
  })

  it('never takes a role from user_metadata', async () => {
    const id = await hs.verify(
      await sign(supabaseClaims({ user_metadata: { role: 'admin', stark_role: 'admin' } }), SECRET, 'HS256'),
    )
    expect(id?.role).toBe('user')
    expect(roleFromAppMetadata({ stark_role: 'admin' })).toBe('admin')
    expect(roleFromAppMetadata({ role: 'superuser' })).toBe('user')
  })

  it('refuses another secret, another project, the anon and service_role keys, a non-uuid sub, and expired tokens', async () => {
    const refused = [
      await sign(supabaseClaims(), 'another-secret-of-some-other-project-entirely', 'HS256'),
      await sign(supabaseClaims({ iss: 'https://someone-else.supabase.co/auth/v1' }), SECRET, 'HS256'),
      await sign(supabaseClaims({ aud: 'somewhere' }), SECRET, 'HS256'),
      await sign(supabaseClaims({ role: 'anon' }), SECRET, 'HS256'),
      await sign(supabaseClaims({ role: 'service_role' }), SECRET, 'HS256'),
      await sign(supabaseClaims({ sub: 'not-a-uuid' }), SECRET, 'HS256'),
      await sign(supabaseClaims({ exp: now() - 1 }), SECRET, 'HS256'),
      'not.a.token',
      '',
    ]
    for (const token of refused) expect(await hs.verify(token)).toBeNull()
  })

  it('verifies asymmetric (ES256) tokens against the project’s JWKS', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'ES256', use: 'sig' }
    const es = createSupabaseVerifier({ url: URL_, jwks: [jwk as never] }, clock)
    const claims = supabaseClaims({ app_metadata: { stark_role: 'admin' } })
    const token = await sign(
      { ...claims },
      { ...privateKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'ES256' } as never,
      'ES256',
    )
    expect(await es.verify(token)).toMatchObject({ sub: claims.sub, role: 'admin' })
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    expect(
      await es.verify(await sign(claims, { ...other.export({ format: 'jwk' }), kid: 'key-1', alg: 'ES256' } as never, 'ES256')),
    ).toBeNull()
  })
})

describe('a server configured with a Supabase project', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer({ config: { supabase: { url: URL_, jwtSecret: SECRET } } })
    await s.admin()
  })
  afterAll(() => s?.close())

  const token = async (over: Record<string, unknown>) =>
    sign(
      { ...supabaseClaims(over), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 },
      SECRET,
      'HS256',
    )

  it('accepts the project’s user tokens: a Stark user with the same id, its role from app_metadata', async () => {
    const sub = randomUUID()
    const t = await token({ sub, email: 'sam@example.com', app_metadata: { role: 'user' }, user_metadata: { role: 'admin' } })
    expect((await s.api('GET', '/api/auth/whoami', undefined, t)).body).toEqual({
      kind: 'user',
      id: sub,
      role: 'user',
      email: 'sam@example.com',
    })
    expect((await s.api('GET', '/api/users', undefined, t)).status).toBe(403)
    expect((await s.api('POST', '/api/namespaces', { name: 'sams' }, t)).status).toBe(201)
    // app_metadata is the project's to change (service role only): a new token with another role counts at once.
    const promoted = await token({ sub, email: 'sam@example.com', app_metadata: { role: 'viewer' } })
    expect((await s.api('GET', '/api/auth/whoami', undefined, promoted)).body.role).toBe('viewer')
    expect((await s.api('POST', '/api/namespaces', { name: 'sams-2' }, promoted)).status).toBe(403)
    // Signing out is the client's business with Supabase: logout answers and changes nothing here.
    expect((await s.api('POST', '/api/auth/logout', undefined, promoted)).status).toBe(204)
  })

  it('refuses tokens of another project and anon keys', async () => {
    const foreign = await sign(
      supabaseClaims({ iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }),
      'the-secret-of-another-project-xxxxxxxxxx',
      'HS256',
    )
    expect((await s.api('GET', '/api/auth/whoami', undefined, foreign)).status).toBe(401)
    expect((await s.api('GET', '/api/auth/whoami', undefined, await token({ role: 'anon' }))).status).toBe(401)
  })
})
