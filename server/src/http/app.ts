/**
 * The HTTP application: REST under /api, health, the WebSocket endpoint, the OpenAPI document.
 * Tests drive it with `app.request()`; main wires it to a real socket.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { requestId } from 'hono/request-id'
import type { MiddlewareHandler } from 'hono'
import type { ServerDeps } from '../deps'
import type { AppEnv } from './env'
import { allowedMethods } from './allowed-methods'
import { createErrorHandler } from './error-handler'
import { problem } from './problem'
import { authRoutes } from './routes/auth'
import { healthRoutes } from './routes/health'
import { nodesRoutes } from './routes/nodes'
import { bundlesRoutes, packsRoutes } from './routes/packs'
import { podsRoutes } from './routes/pods'
import { podRollbackRoutes } from './routes/pod-rollback'
import { priorityClassesRoutes } from './routes/priority-classes'
import { schedulerRoutes } from './routes/scheduler'
import { docsRoutes } from './routes/docs'
import { servicesRoutes } from './routes/services'
import { joinRoutes } from './routes/join'
import { webRoutes } from './routes/web'
import type { JoinTokens } from '../auth/join-tokens'
import { validationHook } from './validation-hook'
import { only } from './route-kit'
import { requestLog } from './middleware/request-log'
import { bodyLimit } from './middleware/body-limit'
import { idempotency } from './middleware/idempotency'
import { conditionalRequests } from './middleware/conditional'
import { rejectUnsafeText } from './middleware/unsafe-text'
import { eventsRoutes } from './routes/events'
import { metricsRoutes } from './routes/metrics'
import { usageRoutes } from './routes/usage'
import { statusRoutes } from './routes/status'
import { clusterRoutes } from './routes/cluster'
import { buildOpenApiDocument } from './openapi'
import type { RequestContext } from './request-context'
import { authorizeApi } from './middleware/route-policy'
import { registrationRoutes, usersRoutes } from './routes/users'
import { namespacesRoutes } from './routes/namespaces'
import { secretsRoutes } from './routes/secrets'

/** Optional parts the composition root adds: join tokens, and the built PWA to serve at `/`. */
export interface AppExtras {
  joinTokens?: JoinTokens
  webDir?: string | null
  /** Carries each request's id and user into logs and events. */
  requestContext?: RequestContext
  /** A static token that may read /metrics (STARK_METRICS_TOKEN). */
  metricsToken?: string | undefined
}

/** Each resource's sub-app, handed only the parts of the composition it uses. */
function apiRoutes(deps: ServerDeps, extras: AppExtras) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/auth', authRoutes(only(deps, 'auth', 'clientAddress', 'clock', 'limits')))
    .route('/packs', packsRoutes(only(deps, 'auth', 'packs')))
    .route('/bundles', bundlesRoutes(only(deps, 'auth', 'packs')))
    .route('/pods', podsRoutes(only(deps, 'auth', 'pods', 'state', 'usage', 'db', 'logs', 'bus', 'clock', 'watches')))
    .route('/pods', podRollbackRoutes(only(deps, 'auth', 'podRollback', 'state')))
    .route('/services', servicesRoutes(only(deps, 'auth', 'services', 'state', 'watches', 'clock')))
    .route('/priorityclasses', priorityClassesRoutes(only(deps, 'auth', 'priorityClasses')))
    .route('/scheduler', schedulerRoutes(only(deps, 'auth', 'schedulerProfile')))
    .route('/nodes/tokens', joinRoutes(only(deps, 'auth', 'clock', 'cluster'), extras.joinTokens))
    .route('/nodes', nodesRoutes(only(deps, 'auth', 'state', 'writes', 'nodes', 'lifecycle', 'usage', 'watches', 'clock')))
    .route('/events', eventsRoutes(only(deps, 'auth', 'bus', 'clock', 'db', 'watches')))
    .route('/usage', usageRoutes(only(deps, 'auth', 'state', 'usage')))
    .route('/status', statusRoutes(only(deps, 'auth', 'clock', 'db', 'state', 'version', 'nodeHealth', 'cluster')))
    .route('/cluster', clusterRoutes(only(deps, 'auth', 'nodeHealth')))
    .route('/auth', registrationRoutes(only(deps, 'auth', 'users', 'limits', 'clock', 'clientAddress')))
    .route('/users', usersRoutes(only(deps, 'auth', 'users')))
    .route('/namespaces', namespacesRoutes(only(deps, 'auth', 'namespaces')))
    .route('/secrets', secretsRoutes(only(deps, 'auth', 'secrets')))
}

export function createApp(deps: ServerDeps, ws?: MiddlewareHandler, extras: AppExtras = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', requestId({ limitLength: 128 }))
  app.use('*', requestLog({ log: deps.log, context: extras.requestContext, observe: (r) => deps.metrics.httpRequest(r) }))
  app.use('/api/*', bodyLimit({ maxBytes: deps.limits.maxBodyBytes }))
  // NUL and lone surrogates anywhere in a JSON body, the path or the query: 400 before any handler.
  app.use('/api/*', rejectUnsafeText())
  // Every /api route: authenticated (unless public) and allowed for the caller's role (http/middleware/route-policy.ts).
  app.use('/api/*', authorizeApi(deps.auth))
  // A repeated POST with the same Idempotency-Key gets the first answer again (a 201's Location too: the routes set it).
  app.use('/api/*', idempotency({ clock: deps.clock }))
  // ETag on one object's GET; If-Match on PUT, PATCH and DELETE (412 when it changed since).
  app.use(
    '/api/*',
    conditionalRequests((request) => Promise.resolve(app.fetch(request))),
  )
  app.onError(createErrorHandler(deps.log))
  if (ws) app.get('/ws', ws)
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  const routes = app
    .route('/', healthRoutes(only(deps, 'db', 'version', 'nodeHealth')))
    .route('/', metricsRoutes(only(deps, 'auth', 'metrics'), { token: extras.metricsToken }))
    .route('/api', apiRoutes(deps, extras))
  let document: object | undefined
  app.get('/api/openapi.json', (c) => c.json((document ??= buildOpenApiDocument(app, deps.version).document)))
  app.route('/api/docs', docsRoutes())
  if (extras.webDir) app.route('/', webRoutes(extras.webDir))
  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path)
    if (allow.length === 0) return problem(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)
    return problem(
      c,
      405,
      'method_not_allowed',
      `${c.req.path} does not answer ${c.req.method}; it answers ${allow.join(', ')}`,
      {
        headers: { allow: allow.join(', ') },
      },
    )
  })
  return routes
}

export type AppType = ReturnType<typeof createApp>
