/**
 * Users: `POST /api/auth/register` (admins create users; anyone registers as a `user` while
 * self-registration is open), `GET|PUT /api/auth/registration`, and for admins `GET /api/users`,
 * `GET|PATCH /api/users/{ref}` (role, disabled). A user reads their own record; nobody reads a
 * password hash.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { iso } from '../../store/convert'
import type { AppEnv } from '../env'
import { rateLimit } from '../middleware/rate-limit'
import { authenticatedApp, created, jsonBody, ok, routesOf } from '../route-kit'
import { CredentialsBody, jsonContent, UserSchema } from '../schemas'
import { validationHook } from '../validation-hook'
import { userView } from './auth'

const route = routesOf('users')
const openRoute = routesOf('users', { open: true })
const userRoles = ['admin', 'user', 'viewer'] as const

// One object (not `allOf` of two closed ones, which nothing would fit).
export const RegisterBody = z
  .strictObject({
    ...CredentialsBody.shape,
    role: z.enum(userRoles).optional().openapi({ description: 'Admins only (default user). Self-registration is always user.' }),
  })
  .openapi('Register')

const RegistrationSchema = z
  .object({
    open: z.boolean().openapi({ description: 'Whether anyone may register themselves (as a user).' }),
    setting: z.boolean().openapi({ description: 'The cluster setting auth.open_registration.' }),
    byConfig: z.boolean().openapi({
      description: 'Opened by the server’s --open-registration flag (STARK_OPEN_REGISTRATION); the setting cannot close it.',
    }),
  })
  .openapi('Registration')

const RegisteredSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string().optional(),
    refreshToken: z.string().optional(),
    expiresAt: z.string().optional(),
  })
  .openapi('Registered')

const UpdateUserBody = z
  .strictObject({
    role: z.enum(userRoles).optional(),
    disabled: z.boolean().optional().openapi({ description: 'A disabled user cannot log in; their sessions end at once.' }),
  })
  .openapi('UpdateUser')

const refParam = z.object({
  ref: z
    .string()
    .min(1)
    .max(254)
    .openapi({ param: { name: 'ref', in: 'path' }, description: 'User id or email.' }),
})

/** Mounted at /api/auth next to authRoutes. */
export type RegistrationRouteDeps = Pick<ServerDeps, 'auth' | 'users' | 'limits' | 'clock' | 'clientAddress'>

export function registrationRoutes(deps: RegistrationRouteDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use(
    '/register',
    rateLimit({ limit: deps.limits.authAttemptsPerMinute, windowMs: 60_000, clock: deps.clock, address: deps.clientAddress }),
  )
  return app
    .openapi(
      openRoute({
        method: 'post',
        path: '/register',
        summary: 'Create a user: admins with any role; anyone as a user while self-registration is open (then signed in)',
        request: jsonBody(RegisterBody),
        responses: created(RegisteredSchema, 'The user (and tokens when you registered yourself)'),
      }),
      async (c) => {
        const header = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
        let principal = c.get('principal')
        if (!principal && header) {
          const result = await deps.auth.authenticate(header[1])
          if (result.ok) principal = result.principal
        }
        const body = c.req.valid('json')
        const { user, self } = await deps.users.register(principal, body)
        if (!self) return c.json({ user: userView(user) }, 201)
        const t = await deps.auth.login(body.email, body.password)
        return c.json(
          { user: userView(t.user), accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: iso(t.expiresAt)! },
          201,
        )
      },
    )
    .openapi(
      openRoute({
        method: 'get',
        path: '/providers',
        summary: 'Where users sign in: Stark itself, and a Supabase project when one is configured',
        responses: {
          200: jsonContent(
            z
              .object({ stark: z.boolean(), supabase: z.object({ url: z.string(), anonKey: z.string().nullable() }).nullable() })
              .openapi('AuthProviders'),
            'Sign-in providers',
          ),
        },
      }),
      (c) => c.json(deps.users.providers(), 200),
    )
    .openapi(
      openRoute({
        method: 'get',
        path: '/registration',
        summary: 'Whether self-registration is open',
        responses: { 200: jsonContent(RegistrationSchema, 'Registration') },
      }),
      (c) => c.json(deps.users.registration(), 200),
    )
    .openapi(
      route({
        method: 'put',
        path: '/registration',
        summary: 'Open or close self-registration (admins)',
        request: jsonBody(z.strictObject({ open: z.boolean() }).openapi('SetRegistration')),
        responses: ok(RegistrationSchema, 'Registration'),
      }),
      async (c) => c.json(await deps.users.setRegistration(c.get('principal'), c.req.valid('json').open), 200),
    )
}

export type UsersRouteDeps = Pick<ServerDeps, 'auth' | 'users'>

export function usersRoutes(deps: UsersRouteDeps) {
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Every user (admins)',
        responses: ok(z.object({ items: z.array(UserSchema) }), 'Users'),
      }),
      (c) => c.json({ items: deps.users.list(c.get('principal')).map(userView) }, 200),
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}',
        summary: 'One user, by id or email (admins; anyone their own)',
        request: { params: refParam },
        responses: ok(UserSchema, 'The user'),
      }),
      (c) => c.json(userView(deps.users.get(c.get('principal'), c.req.valid('param').ref)), 200),
    )
    .openapi(
      route({
        method: 'patch',
        path: '/{ref}',
        summary: 'Change a user’s role, or disable or enable them (admins; never the last admin)',
        request: { params: refParam, ...jsonBody(UpdateUserBody) },
        responses: ok(UserSchema, 'The user as changed'),
      }),
      async (c) =>
        c.json(userView(await deps.users.update(c.get('principal'), c.req.valid('param').ref, c.req.valid('json'))), 200),
    )
}
