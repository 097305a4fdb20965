import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { iso } from '../../store/convert'
import type { UserRecord } from '../../store/records'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { rateLimit } from '../middleware/rate-limit'
import { jsonBody, routesOf } from '../route-kit'
import { CredentialsBody, LoginBody, errorResponses, jsonContent, problemContent, TokensSchema, UserSchema } from '../schemas'
import { validationHook } from '../validation-hook'
import { forbidden } from '../../errors'

export const userView = (u: UserRecord) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  disabled: u.disabled,
  createdAt: iso(u.createdAt)!,
})

const tokensView = (t: { user: UserRecord; accessToken: string; refreshToken: string; expiresAt: number }) => ({
  user: userView(t.user),
  accessToken: t.accessToken,
  refreshToken: t.refreshToken,
  expiresAt: iso(t.expiresAt)!,
})

const openRoute = routesOf('auth', { open: true })
const route = routesOf('auth')

export type AuthRouteDeps = Pick<ServerDeps, 'auth' | 'clientAddress' | 'clock' | 'limits'>

export function authRoutes(deps: AuthRouteDeps) {
  const limited = rateLimit({
    limit: deps.limits.authAttemptsPerMinute,
    windowMs: 60_000,
    clock: deps.clock,
    address: deps.clientAddress,
  })
  const authed = authenticate(deps.auth)
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/setup', limited)
  app.use('/login', limited)
  app.use('/refresh', limited)
  app.use('/logout', authed)
  app.use('/whoami', authed)

  return app
    .openapi(
      openRoute({
        method: 'post',
        path: '/setup',
        summary: 'Create the first admin (refused once any user exists)',
        request: jsonBody(CredentialsBody),
        responses: {
          201: jsonContent(TokensSchema, 'The admin and their tokens'),
          400: errorResponses[400],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json')
        return c.json(tokensView(await deps.auth.setup(email, password)), 201)
      },
    )
    .openapi(
      openRoute({
        method: 'post',
        path: '/login',
        summary: 'Sign in with email and password (throttled per address and, after failures, per account)',
        request: jsonBody(LoginBody),
        responses: {
          200: jsonContent(TokensSchema, 'Tokens'),
          400: errorResponses[400],
          401: errorResponses[401],
          429: problemContent('Too many attempts'),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json')
        return c.json(tokensView(await deps.auth.login(email, password)), 200)
      },
    )
    .openapi(
      openRoute({
        method: 'post',
        path: '/refresh',
        summary: 'Trade a refresh token for new tokens (the old refresh token stops working)',
        request: {
          body: {
            content: {
              'application/json': { schema: z.strictObject({ refreshToken: z.string().min(1).max(512) }).openapi('Refresh') },
            },
            required: true,
          },
        },
        responses: {
          200: jsonContent(z.object({ accessToken: z.string(), refreshToken: z.string(), expiresAt: z.string() }), 'New tokens'),
          401: errorResponses[401],
        },
      }),
      async (c) => {
        const t = await deps.auth.refresh(c.req.valid('json').refreshToken)
        return c.json({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: iso(t.expiresAt)! }, 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/logout',
        summary: 'Revoke this session (its access and refresh tokens stop working)',
        responses: { 204: { description: 'Logged out' }, 401: errorResponses[401] },
      }),
      async (c) => {
        const p = c.get('principal')
        if (p.kind !== 'user') throw forbidden('only users log out')
        await deps.auth.logout(p.sessionId)
        return c.body(null, 204)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/whoami',
        summary: 'Who this token belongs to',
        responses: {
          200: jsonContent(
            z.object({ kind: z.enum(['user', 'node']), id: z.string(), role: z.string(), email: z.string().nullable() }),
            'The caller',
          ),
          401: errorResponses[401],
        },
      }),
      (c) => {
        const p = c.get('principal')
        return c.json({ kind: p.kind, id: p.id, role: p.role, email: p.kind === 'user' ? p.email : null }, 200)
      },
    )
}
export { UserSchema }
