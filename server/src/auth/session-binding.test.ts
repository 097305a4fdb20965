/**
 * A session belongs to its user. Someone holding the signing secret's output for one session (a
 * token leaked from logs, a mis-issued token) cannot name another user with that session id and be
 * taken for them: REST and the WebSocket both refuse it.
 */
import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settingsRepo } from '../store/settings'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw } from '../testing/ws-client'

let s: TestServer
let secret: string

beforeAll(async () => {
  s = await startTestServer()
  await s.admin()
  secret = (await settingsRepo.get<string>(s.deps.db, 'jwt_secret'))!
})
afterAll(async () => {
  await s?.close()
})

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>

describe('session binding', () => {
  it("a token naming the admin with a user's session id is refused; the user's own passes", async () => {
    const admin = [...s.deps.state.users.values()].find((u) => u.role === 'admin')!
    const adminToken = (await s.api('POST', '/api/auth/login', { email: 'admin@example.com', password: 'test-password-1' })).body
      .accessToken as string
    await s.api('POST', '/api/auth/register', { email: 'eve@example.com', password: 'eve-password-1' }, adminToken)
    const eve = (await s.api('POST', '/api/auth/login', { email: 'eve@example.com', password: 'eve-password-1' })).body
      .accessToken as string
    const mine = claimsOf(eve)
    const forged = await sign({ ...mine, sub: admin.id, app_metadata: { role: 'admin', provider: 'stark' } }, secret, 'HS256')
    const genuine = await sign(mine, secret, 'HS256')

    expect((await s.api('GET', '/api/auth/whoami', undefined, genuine)).status).toBe(200)
    const refused = await s.api('GET', '/api/users', undefined, forged)
    expect(refused.status).toBe(401)
    expect((await s.api('GET', '/api/auth/whoami', undefined, forged)).status).toBe(401)

    const ws = await connectRaw(s.url, { header: `Bearer ${forged}` })
    expect((await ws.closed).code).toBe(4401)
  })
})
