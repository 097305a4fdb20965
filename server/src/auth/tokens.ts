/**
 * JWT access tokens (HS256), Supabase-compatible claims: `sub`, `role` (the database role,
 * 'authenticated'), `aud`, `exp`, `iat`, plus `app_metadata.role` (the Stark role, set by the
 * server only) and `sid` (the session, so logout revokes). Node tokens carry `typ: 'node'`, their
 * own audience and `gen` (the node's token generation: rotating or revoking moves it on). Each kind
 * is told apart by `typ` and `aud` together, so no token passes for another kind.
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
  /** The node's token generation this token was issued for (0 for tokens issued before generations). */
  gen: number
  iat: number
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

export const DEFAULT_TTLS: TokenTtls = { accessSeconds: 3600, refreshSeconds: 30 * 86400, nodeSeconds: 30 * 86400 }

/** The configured lifetimes (STARK_ACCESS_TOKEN_TTL, STARK_NODE_TOKEN_TTL), whole seconds, at least 1. */
export function tokenTtls(config: {
  tokenTtlMs?: { access?: number | undefined; node?: number | undefined } | undefined
}): TokenTtls {
  const seconds = (ms: number | undefined, fallback: number) => (ms === undefined ? fallback : Math.max(1, Math.round(ms / 1000)))
  const ttls = {
    ...DEFAULT_TTLS,
    accessSeconds: seconds(config.tokenTtlMs?.access, DEFAULT_TTLS.accessSeconds),
    nodeSeconds: seconds(config.tokenTtlMs?.node, DEFAULT_TTLS.nodeSeconds),
  }
  // An agent that registered with a user's token reconnects with its node token when the user's
  // token expires; that node token must still have half its life left then to be rotated.
  if (ttls.nodeSeconds < 2 * ttls.accessSeconds) {
    throw new Error(
      `the node token lifetime (${ttls.nodeSeconds} s) must be at least twice the access token lifetime (${ttls.accessSeconds} s)`,
    )
  }
  return ttls
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
export const newOpaqueToken = () => randomBytes(32).toString('base64url')

/** How many tokens whose signature checked out are remembered (see `signedPayload`). */
const VERIFIED_TOKENS = 1024

export function createTokenIssuer(secret: string, clock: Clock, ttls: TokenTtls = DEFAULT_TTLS) {
  const nowSec = () => Math.floor(clock.now() / 1000)
  // A client sends the same token with every call, and checking its HMAC through WebCrypto took
  // about half a millisecond of the server's thread per request: a token whose signature checked
  // out is remembered with its payload (bounded, oldest first out). Only the signature is
  // remembered: expiry, kind, session and user are checked on every call as before.
  const verified = new Map<string, Record<string, unknown>>()
  async function signedPayload(token: string): Promise<Record<string, unknown> | null> {
    const known = verified.get(token)
    if (known) return known
    let payload: Record<string, unknown>
    try {
      payload = (await verify(token, secret, { alg: 'HS256', exp: false, nbf: false, iat: false })) as Record<string, unknown>
    } catch {
      return null
    }
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
    verified.set(token, payload)
    return payload
  }
  return {
    ttls,
    async signAccess(u: {
      userId: string
      sessionId: string
      role: Role
      email: string
    }): Promise<{ token: string; expiresAt: number }> {
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
    async signNode(nodeId: string, generation: number): Promise<{ token: string; expiresAt: number }> {
      const iat = nowSec()
      const exp = iat + ttls.nodeSeconds
      const token = await sign(
        {
          sub: nodeId,
          typ: 'node',
          gen: generation,
          role: 'authenticated',
          aud: 'stark-node',
          app_metadata: { role: 'node' },
          iat,
          exp,
        },
        secret,
        'HS256',
      )
      return { token, expiresAt: exp * 1000 }
    },
    /** A join token (typ 'join', no session): accepted only to register a node, never by `verify`. */
    async signJoin(j: { userId: string; tokenId: string; ttlSeconds: number }): Promise<{ token: string; expiresAt: number }> {
      const iat = nowSec()
      const exp = iat + j.ttlSeconds
      const token = await sign({ sub: j.userId, jti: j.tokenId, typ: 'join', aud: 'stark-join', iat, exp }, secret, 'HS256')
      return { token, expiresAt: exp * 1000 }
    },
    async verifyJoin(token: string): Promise<JoinClaims | null> {
      const payload = await signedPayload(token)
      if (!payload) return null
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (payload.typ !== 'join' || exp <= nowSec() || typeof payload.sub !== 'string' || typeof payload.jti !== 'string')
        return null
      return { kind: 'join', jti: payload.jti, sub: payload.sub, exp }
    },
    /** Verifies signature and expiry (on the injected clock); null when invalid. */
    async verify(token: string): Promise<Claims | null> {
      const payload = await signedPayload(token)
      if (!payload) return null
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (exp <= nowSec() || typeof payload.sub !== 'string') return null
      if (payload.typ === 'node') {
        if (payload.aud !== 'stark-node') return null
        const gen = payload.gen === undefined ? 0 : payload.gen
        if (typeof gen !== 'number' || !Number.isInteger(gen) || gen < 0) return null
        return { kind: 'node', sub: payload.sub, gen, iat: typeof payload.iat === 'number' ? payload.iat : 0, exp }
      }
      if (payload.typ !== undefined || payload.aud !== 'authenticated') return null
      const role = (payload.app_metadata as { role?: Role } | undefined)?.role
      if (typeof payload.sid !== 'string' || !role) return null
      return { kind: 'user', sub: payload.sub, sid: payload.sid, role, exp }
    },
  }
}
export type TokenIssuer = ReturnType<typeof createTokenIssuer>
