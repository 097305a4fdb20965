import { createMiddleware } from 'hono/factory'
import type { AuthService } from '../../auth/auth-service'
import { unauthorized } from '../../errors'
import type { AppEnv } from '../env'

/** Reads `Authorization: Bearer <token>`, checks it, and sets `principal`; 401 otherwise. */
export function authenticate(auth: AuthService) {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const result = await auth.authenticate(match?.[1])
    if (!result.ok) {
      throw unauthorized(
        !match
          ? 'authentication required: send Authorization: Bearer <token> (stark auth login)'
          : result.reason === 'revoked'
            ? 'this session was logged out or the account disabled; log in again'
            : 'token is invalid or expired; log in again',
      )
    }
    c.set('principal', result.principal)
    await next()
  })
}
