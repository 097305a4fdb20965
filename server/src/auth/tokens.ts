/**
 * JWT access tokens (HS256), Supabase-compatible claims: `sub`, `role` (the database role,
 * 'authenticated'), `aud`, `exp`, `iat`, plus `app_metadata.role` (the Stark role, set by the
 * server only) and `sid` (the session, so logout revokes). Node tokens carry `typ: 'node'`.
 * Refresh tokens are opaque random strings; only their sha256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto'
import { sign, verify } from 'hono/jwt'
import type { Clock } from '@stark/shared'
import type { Role } from '../store/records'

export interface UserClaims {
  kind: 'user'
  sub: string
  sid: string
  role: Role
  exp: number
}

export interface NodeClaims {
  kind: 'node'
  sub: string
  exp: number
}

export type Claims = UserClaims | NodeClaims

/** A join token: lets its holder register one new node, owned by the user who created it. */
export interface JoinClaims {
  kind: 'join'
  /** The token's own id (single use is tracked by it). */
  jti: string
  /** The user who created it (the node's owner). */
  sub: string
  exp: number
}

export interface TokenTtls {
  accessSeconds: number
  refreshSeconds: number
  nodeSeconds: number
}

export const DEFAULT_TTLS: TokenTtls = { accessSeconds: 3600, refreshSeconds: 30 * 86400, nodeSeconds: 365 * 86400 }

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
export const newOpaqueToken = () => randomBytes(32).toString('base64url')

export function createTokenService(secret: string, clock: Clock, ttls: TokenTtls = DEFAULT_TTLS) {
  const nowSec = () => Math.floor(clock.now() / 1000)
  return {
    ttls,
    async signAccess(u: { userId: string; sessionId: string; role: Role; email: string }): Promise<{ token: string; expiresAt: number }> {
      const iat = nowSec()
      const exp = iat + ttls.accessSeconds
      const token = await sign(
        {
          sub: u.userId,
          sid: u.sessionId,
          role: 'authenticated',
          aud: 'authenticated',
          email: u.email,
          app_metadata: { role: u.role, provider: 'stark' },
          iat,
          exp,
        },
        secret,
        'HS256',
      )
      return { token, expiresAt: exp * 1000 }
    },
    async signNode(nodeId: string): Promise<string> {
      const iat = nowSec()
      return sign(
        { sub: nodeId, typ: 'node', role: 'authenticated', aud: 'stark-node', app_metadata: { role: 'node' }, iat, exp: iat + ttls.nodeSeconds },
        secret,
        'HS256',
      )
    },
    /** A join token (typ 'join', no session): accepted only to register a node, never by `verify`. */
    async signJoin(j: { userId: string; tokenId: string; ttlSeconds: number }): Promise<{ token: string; expiresAt: number }> {
      const iat = nowSec()
      const exp = iat + j.ttlSeconds
      const token = await sign({ sub: j.userId, jti: j.tokenId, typ: 'join', aud: 'stark-join', iat, exp }, secret, 'HS256')
      return { token, expiresAt: exp * 1000 }
    },
    async verifyJoin(token: string): Promise<JoinClaims | null> {
      let payload: Record<string, unknown>
      try {
        payload = (await verify(token, secret, { alg: 'HS256', exp: false, nbf: false, iat: false })) as Record<string, unknown>
      } catch {
        return null
      }
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (payload.typ !== 'join' || exp <= nowSec() || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return null
      return { kind: 'join', jti: payload.jti, sub: payload.sub, exp }
    },
    /** Verifies signature and expiry (on the injected clock); null when invalid. */
    async verify(token: string): Promise<Claims | null> {
      let payload: Record<string, unknown>
      try {
        payload = (await verify(token, secret, { alg: 'HS256', exp: false, nbf: false, iat: false })) as Record<string, unknown>
      } catch {
        return null
      }
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (exp <= nowSec() || typeof payload.sub !== 'string') return null
      if (payload.typ === 'node') return { kind: 'node', sub: payload.sub, exp }
      if (payload.typ === 'join') return null
      const role = (payload.app_metadata as { role?: Role } | undefined)?.role
      if (typeof payload.sid !== 'string' || !role) return null
      return { kind: 'user', sub: payload.sub, sid: payload.sid, role, exp }
    },
  }
}
export type TokenService = ReturnType<typeof createTokenService>
