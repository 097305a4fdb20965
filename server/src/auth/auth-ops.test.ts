/**
 * Accounts and sessions (auth-ops.ts) through the app, in-process: setup happens once, only admins
 * create users while registration is closed, passwords are checked, refresh tokens rotate, logout
 * and disabling end sessions, and a role change applies to the next request.
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness()

const login = (email: string, password: string) => h.call('POST', '/api/auth/login', { email, password })
const whoami = (token: string) => h.call('GET', '/api/auth/whoami', undefined, { id: '', token })

describe('accounts and sessions', () => {
  it('sets up the first admin once', async () => {
    const again = await h.call('POST', '/api/auth/setup', { email: 'eve@example.com', password: 'another long password' })
    expect(again.status).toBe(409)
    expect((await whoami(h.admin.token)).body).toMatchObject({ kind: 'user', role: 'admin' })
  })

  it('creates users only through an admin while registration is closed, and checks passwords and emails', async () => {
    const body = { email: 'carol@example.com', password: 'carols long password', role: 'user' }
    expect(
      (await h.call('POST', '/api/auth/register', { email: 'mallory@example.com', password: 'a long password' })).status,
    ).toBe(401)
    expect((await h.call('POST', '/api/auth/register', { ...body, password: 'short' }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/auth/register', { ...body, password: '123456789012' }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/auth/register', { ...body, email: 'not-an-email' }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/auth/register', body, h.admin)).status).toBe(201)
    expect((await h.call('POST', '/api/auth/register', body, h.admin)).status).toBe(409)
    expect((await login('carol@example.com', 'carols long password')).status).toBe(200)
    expect((await login('carol@example.com', 'not the password')).status).toBe(401)
    expect((await login('nobody@example.com', 'carols long password')).status).toBe(401)
  })

  it('rotates refresh tokens: the new one works, the used one does not', async () => {
    const first = (await login('carol@example.com', 'carols long password')).body
    const refreshed = await h.call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.refreshToken).not.toBe(first.refreshToken)
    expect((await whoami(refreshed.body.accessToken)).status).toBe(200)
    expect((await h.call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401)
  })

  it('ends a session on logout', async () => {
    const { accessToken } = (await login('carol@example.com', 'carols long password')).body
    expect((await h.call('POST', '/api/auth/logout', undefined, { id: '', token: accessToken })).status).toBe(204)
    expect((await whoami(accessToken)).status).toBe(401)
  })

  it('applies a role change to the next request, and disabling ends every session', async () => {
    expect((await h.call('PATCH', '/api/users/alice@example.com', { role: 'viewer' }, h.alice)).status).toBe(403)
    expect((await h.call('PATCH', '/api/users/alice@example.com', { role: 'viewer' }, h.admin)).status).toBe(200)
    expect((await whoami(h.alice.token)).body).toMatchObject({ role: 'viewer' })
    expect((await h.call('POST', '/api/namespaces', { name: 'alices' }, h.alice)).status).toBe(403)
    expect((await h.call('PATCH', '/api/users/alice@example.com', { disabled: true }, h.admin)).status).toBe(200)
    expect((await whoami(h.alice.token)).status).toBe(401)
    expect((await login('alice@example.com', 'alice-long-password-1')).status).toBe(401)
  })

  it('keeps the last admin an admin', async () => {
    expect((await h.call('PATCH', '/api/users/admin@example.com', { role: 'user' }, h.admin)).status).toBe(403)
  })
})
