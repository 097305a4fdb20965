import { describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { hashPassword, verifyPassword } from './passwords'
import { createTokenService } from './tokens'

describe('passwords', () => {
  it('hashes with a salt and verifies', async () => {
    const a = await hashPassword('correct horse')
    const b = await hashPassword('correct horse')
    expect(a).not.toBe(b)
    expect(a.startsWith('scrypt$')).toBe(true)
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('wrong horse', a)).toBe(false)
    expect(await verifyPassword('x', 'garbage')).toBe(false)
  })
})

describe('tokens', () => {
  it('access tokens carry Supabase-style claims and expire on the injected clock', async () => {
    const clock = fakeClock()
    const tokens = createTokenService('s'.repeat(48), clock, { accessSeconds: 60, refreshSeconds: 600, nodeSeconds: 3600 })
    const { token } = await tokens.signAccess({ userId: 'u1', sessionId: 's1', role: 'admin', email: 'a@b.c' })
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
    expect(payload).toMatchObject({ sub: 'u1', role: 'authenticated', aud: 'authenticated', app_metadata: { role: 'admin' } })
    expect(await tokens.verify(token)).toMatchObject({ kind: 'user', sub: 'u1', sid: 's1', role: 'admin' })
    await clock.advance(61_000)
    expect(await tokens.verify(token)).toBeNull()
  })

  it('rejects a token signed with another secret, and garbage', async () => {
    const clock = fakeClock()
    const a = createTokenService('a'.repeat(48), clock)
    const b = createTokenService('b'.repeat(48), clock)
    const { token } = await a.signAccess({ userId: 'u', sessionId: 's', role: 'user', email: 'e@x.y' })
    expect(await b.verify(token)).toBeNull()
    expect(await a.verify('not.a.jwt')).toBeNull()
    expect(await a.verify('')).toBeNull()
  })

  it('node tokens identify the node', async () => {
    const t = createTokenService('n'.repeat(48), fakeClock())
    expect(await t.verify(await t.signNode('node-1'))).toMatchObject({ kind: 'node', sub: 'node-1' })
  })
})
