import { createMiddleware } from 'hono/factory'
import type { AuthOps } from '../../auth/auth-ops'
import type { Principal } from '../../auth/principal'
import { unauthorized } from '../../errors'
import type { AppEnv } from '../env'

/** Checks `Authorization: Bearer <token>`; the principal, or a 401 saying what to do. */
export async function principalFrom(auth: AuthOps, header: string | undefined): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  const result = await auth.authenticate(match?.[1])
  if (result.ok) return result.principal
  throw unauthorized(
    !match
      ? 'authentication required: send Authorization: Bearer <token> (stark auth login)'
      : result.reason === 'revoked'
        ? 'this session was logged out or the account disabled; log in again'
        : 'token is invalid or expired; log in again',
  )
}

/**
 * Reads `Authorization: Bearer <token>`, checks it, and sets `principal`; 401 otherwise. A request
 * the /api authorization (http/middleware/route-policy.ts) has already authenticated is not checked twice.
 */
export function authenticate(auth: AuthOps) {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    if (!c.get('principal')) c.set('principal', await principalFrom(auth, c.req.header('authorization')))
    await next()
  })
}
