/**
 * Every REST route under /api goes through here before its handler: the route is mapped to a
 * (resource, verb) pair of the role matrix in policy.ts, the caller is authenticated (401) and
 * their role checked (403). Handlers then apply the object rules (ownership, visibility: 404).
 *
 * The mapping is by path, so a new route under a known resource is covered at once:
 * GET → read, DELETE → delete, PATCH/PUT → update, POST to the collection → create, POST to
 * anything below it (`/pods/{ref}/rollback`, `/nodes/{ref}/cordon`) → update. A route under a
 * resource this table does not know is open to admins only, with a message pointing here.
 */
import { createMiddleware } from 'hono/factory'
import type { AuthOps } from '../../auth/auth-ops'
import { can, resourceKinds, type ResourceKind, type Verb } from '../../auth/policy'
import { forbidden } from '../../errors'
import type { AppEnv } from '../env'
import { principalFrom } from './authenticate'

export type RouteRule = { public: true } | { public: false; kind: ResourceKind; verb: Verb } | { public: false; kind: null }

/** Routes anyone may call: they authenticate by other means (credentials, refresh token) or show nothing private. */
const PUBLIC = new Set([
  'POST /auth/setup',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/register',
  'GET /auth/registration',
  'GET /auth/providers',
  'GET /openapi.json',
  'GET /docs',
])

/** First path segments that are not the resource's name. */
const ALIASES: Record<string, ResourceKind> = { priorityclasses: 'priorityclasses', scheduler: 'settings', cluster: 'settings' }

function verbOf(method: string, depth: number): Verb {
  if (method === 'GET' || method === 'HEAD') return 'read'
  if (method === 'DELETE') return 'delete'
  if (method === 'POST' && depth <= 1) return 'create'
  return 'update'
}

/** The rule for `method path`, `path` being below /api (e.g. `/pods/web-1/logs`). */
export function routeRule(method: string, path: string): RouteRule {
  const segments = path.split('/').filter(Boolean)
  const m = method.toUpperCase()
  if (PUBLIC.has(`${m} /${segments.join('/')}`)) return { public: true }
  // The reference page's own script and style.
  if (m === 'GET' && segments[0] === 'docs' && segments[1] === 'assets') return { public: true }
  const [first = '', second] = segments
  if (first === 'auth') {
    if (second === 'registration') return { public: false, kind: 'settings', verb: verbOf(m, 2) }
    return { public: false, kind: 'self', verb: second === 'logout' ? 'delete' : verbOf(m, 2) }
  }
  if (first === 'nodes' && second === 'tokens') return { public: false, kind: 'jointokens', verb: verbOf(m, segments.length - 1) }
  const kind = ALIASES[first] ?? ((resourceKinds as readonly string[]).includes(first) ? (first as ResourceKind) : null)
  if (!kind) return { public: false, kind: null }
  return { public: false, kind, verb: verbOf(m, segments.length) }
}

/** The /api middleware: authentication for every non-public route, then the role check. */
export function authorizeApi(auth: AuthOps) {
  return createMiddleware<AppEnv>(async function authorizeApi(c, next) {
    const path = c.req.path.replace(/^\/api/, '')
    const rule = routeRule(c.req.method, path)
    if (rule.public) return next()
    const p = await principalFrom(auth, c.req.header('authorization'))
    c.set('principal', p)
    if (rule.kind === null) {
      if (p.role !== 'admin')
        throw forbidden(`no access rule for ${c.req.method} /api${path} (server/src/auth/route-policy.ts): admins only`)
    } else if (!can(p, rule.verb, rule.kind)) {
      throw forbidden(`role ${p.role} may not ${rule.verb} ${rule.kind}`)
    }
    return next()
  })
}
