/**
 * One log record per request (method, path, matched route, status, duration, requestId, userId or
 * nodeId) and the API latency metric by matched route — the route pattern (`/api/pods/:ref`),
 * never the raw URL, so the metric's label set stays small. The rest of the request runs inside
 * the request context, so its logs and events carry its id.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from '@stark/shared'
import type { AppEnv } from '../env'
import type { RequestContext } from '../request-context'

export interface RequestLogOptions {
  log: Logger
  context?: RequestContext | undefined
  observe?: ((r: { method: string; route: string; status: number; seconds: number }) => void) | undefined
}

/** Paths polled by machines: logged at debug only. */
const QUIET = new Set(['/health', '/livez', '/readyz', '/metrics'])

/** The matched route of the handler that answered; `unmatched` when only wildcards matched (404s). */
export function routeLabel(c: Context): string {
  const path = routePath(c)
  if (!path || (c.res.status === 404 && path.endsWith('*'))) return 'unmatched'
  return path
}

const principalOf = (c: Context<AppEnv>) => c.get('principal') as AppEnv['Variables']['principal'] | undefined

export function requestLog(options: RequestLogOptions): MiddlewareHandler<AppEnv> {
  const { log, context, observe } = options
  return async function requestLog(c, next) {
    const started = performance.now()
    const requestId = c.get('requestId')
    const userOf = () => {
      const p = principalOf(c)
      return p?.kind === 'user' ? p.id : undefined
    }
    // A WebSocket outlives its upgrade request: its messages must not run as that request.
    if (context && c.req.path !== '/ws') await context.run({ requestId, userId: userOf }, next)
    else await next()
    const seconds = (performance.now() - started) / 1000
    const status = c.res.status
    const route = routeLabel(c)
    observe?.({ method: c.req.method, route, status, seconds })
    const p = principalOf(c)
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      requestId,
      ...(p?.kind === 'user' ? { userId: p.id } : p?.kind === 'node' ? { nodeId: p.id } : {}),
    }
    if (status >= 500) log.error('request', fields)
    else if (QUIET.has(c.req.path)) log.debug('request', fields)
    else log.info('request', fields)
  }
}
