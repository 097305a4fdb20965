import { describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { hashPassword, verifyPassword } from './passwords'
import { createTokenIssuer } from './tokens'

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
    const tokens = createTokenIssuer('s'.repeat(48), clock, { accessSeconds: 60, refreshSeconds: 600, nodeSeconds: 3600 })
    const { token } = await tokens.signAccess({ userId: 'u1', sessionId: 's1', role: 'admin', email: 'a@b.c' })
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
    expect(payload).toMatchObject({ sub: 'u1', role: 'authenticated', aud: 'authenticated', app_metadata: { role: 'admin' } })
    expect(await tokens.verify(token)).toMatchObject({ kind: 'user', sub: 'u1', sid: 's1', role: 'admin' })
    await clock.advance(61_000)
    expect(await tokens.verify(token)).toBeNull()
  })

  it('rejects a token signed with another secret, and garbage', async () => {
    const clock = fakeClock()
    const a = createTokenIssuer('a'.repeat(48), clock)
    const b = createTokenIssuer('b'.repeat(48), clock)
    const { token } = await a.signAccess({ userId: 'u', sessionId: 's', role: 'user', email: 'e@x.y' })
    expect(await b.verify(token)).toBeNull()
    expect(await a.verify('not.a.jwt')).toBeNull()
    expect(await a.verify('')).toBeNull()
  })

  it('a remembered signature changes nothing a check decides: tampered, expired and other kinds stay refused', async () => {
    const clock = fakeClock()
    const tokens = createTokenIssuer('s'.repeat(48), clock, { accessSeconds: 60, refreshSeconds: 600, nodeSeconds: 3600 })
    const { token } = await tokens.signAccess({ userId: 'u1', sessionId: 's1', role: 'user', email: 'a@b.c' })
    expect(await tokens.verify(token)).toMatchObject({ sub: 'u1' })
    expect(await tokens.verify(token)).toMatchObject({ sub: 'u1' })
    const [head, body, sig] = token.split('.') as [string, string, string]
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`
    expect(await tokens.verify(`${head}.${body}.${flipped}`)).toBeNull()
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'u2' })).toString(
      'base64url',
    )
    expect(await tokens.verify(`${head}.${forged}.${sig}`)).toBeNull()
    const join = await tokens.signJoin({ userId: 'u1', tokenId: 'j1', ttlSeconds: 600 })
    expect(await tokens.verifyJoin(join.token)).toMatchObject({ kind: 'join' })
    expect(await tokens.verify(join.token)).toBeNull()
    await clock.advance(61_000)
    expect(await tokens.verify(token)).toBeNull()
    // Many tokens later (past the bound), the first is checked again from scratch and still holds.
    const fresh = await tokens.signAccess({ userId: 'u1', sessionId: 's1', role: 'user', email: 'a@b.c' })
    for (let i = 0; i < 1100; i++) {
      const t = await tokens.signAccess({ userId: `u${i}`, sessionId: 's', role: 'user', email: 'a@b.c' })
      expect(await tokens.verify(t.token)).not.toBeNull()
    }
    expect(await tokens.verify(fresh.token)).toMatchObject({ sub: 'u1' })
  })

  it('node tokens identify the node and its token generation, and expire', async () => {
    const clock = fakeClock()
    const t = createTokenIssuer('n'.repeat(48), clock, { accessSeconds: 60, refreshSeconds: 600, nodeSeconds: 3600 })
    const signed = await t.signNode('node-1', 3)
    expect(signed.expiresAt).toBe(clock.now() + 3600_000)
    expect(await t.verify(signed.token)).toMatchObject({ kind: 'node', sub: 'node-1', gen: 3 })
    await clock.advance(3601_000)
    expect(await t.verify(signed.token)).toBeNull()
  })

  it('no kind of token passes for another: audience and type go together', async () => {
    const secret = 'k'.repeat(48)
    const clock = fakeClock()
    const t = createTokenIssuer(secret, clock)
    const { sign } = await import('hono/jwt')
    const now = Math.floor(clock.now() / 1000)
    const exp = now + 600
    // A node-typed token with the user audience, a user token with the node audience, a join token.
    const forged = [
      { sub: 'n', typ: 'node', aud: 'authenticated', exp },
      { sub: 'u', sid: 's', aud: 'stark-node', app_metadata: { role: 'admin' }, exp },
      { sub: 'u', sid: 's', typ: 'refresh', aud: 'authenticated', app_metadata: { role: 'admin' }, exp },
      { sub: 'n', typ: 'node', gen: -1, aud: 'stark-node', exp },
    ]
    for (const claims of forged) expect(await t.verify(await sign(claims, secret, 'HS256'))).toBeNull()
    // The same shapes, correctly typed, pass: the refusals above are for the mix-up alone.
    expect(await t.verify(await sign({ sub: 'n', typ: 'node', aud: 'stark-node', exp }, secret, 'HS256'))).toMatchObject({
      kind: 'node',
      gen: 0,
    })
    expect(
      await t.verify(
        await sign({ sub: 'u', sid: 's', aud: 'authenticated', app_metadata: { role: 'admin' }, exp }, secret, 'HS256'),
      ),
    ).toMatchObject({ kind: 'user' })
    const { token } = await t.signJoin({ userId: 'u', tokenId: 'j', ttlSeconds: 60 })
    expect(await t.verify(token)).toBeNull()
  })
})
