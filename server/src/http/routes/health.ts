import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { jsonContent } from '../schemas'
import { MassOutageSchema } from './cluster'
import { massOutageView } from './mass-outage-view'

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['ok', 'unavailable']),
    version: z.string(),
    engine: z.string(),
    evictions: z.object({ paused: z.boolean(), massOutage: MassOutageSchema.nullable() }).openapi({
      description: 'Evictions paused by the mass-outage guard (still 200: the server itself is fine), with the nodes it caught.',
    }),
  })
  .openapi('Health')

const LiveSchema = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Live')
const ReadySchema = z.object({ status: z.enum(['ready', 'not-ready']), database: z.enum(['ok', 'unavailable']) }).openapi('Ready')

/** Whether the database answers within 2 s. */
function databaseAnswers(deps: Pick<ServerDeps, 'db'>): Promise<boolean> {
  return Promise.race([
    deps.db.query('select 1').then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
  ])
}

/**
 * For orchestrators, as Kubernetes probes them: `/livez` is the process (200 while it can answer at
 * all, so a database outage never gets the server restarted), `/readyz` whether it can serve now
 * (503 while its database does not answer, so a load balancer sends requests elsewhere). `/health`
 * is the summary for people: 200 when the database answers, 503 when it does not; a mass outage
 * pausing evictions is said in the body (status `degraded`), still with 200.
 */
export type HealthRouteDeps = Pick<ServerDeps, 'db' | 'version' | 'nodeHealth'>

export function healthRoutes(deps: HealthRouteDeps) {
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'get',
        path: '/livez',
        tags: ['health'],
        summary: 'Is the process alive? (liveness probe; never depends on the database)',
        responses: { 200: jsonContent(LiveSchema, 'Alive') },
      }),
      (c) => c.json({ status: 'ok' as const, version: deps.version }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/readyz',
        tags: ['health'],
        summary: 'Can the server serve requests now? (readiness probe: its database answers)',
        responses: {
          200: jsonContent(ReadySchema, 'Ready'),
          503: jsonContent(ReadySchema, 'Not ready: the database does not answer'),
        },
      }),
      async (c) => {
        const ok = await databaseAnswers(deps)
        const body = {
          status: ok ? ('ready' as const) : ('not-ready' as const),
          database: ok ? ('ok' as const) : ('unavailable' as const),
        }
        return ok ? c.json(body, 200) : c.json(body, 503)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/health',
        tags: ['health'],
        summary: 'Is the server up and its database reachable?',
        responses: { 200: jsonContent(HealthSchema, 'Healthy'), 503: jsonContent(HealthSchema, 'Database unavailable') },
      }),
      async (c) => {
        const ok = await databaseAnswers(deps)
        const evictions = massOutageView(deps)
        const body = {
          status: ok && !evictions.paused ? ('ok' as const) : ('degraded' as const),
          evictions,
          database: ok ? ('ok' as const) : ('unavailable' as const),
          version: deps.version,
          engine: deps.db.engine,
        }
        return ok ? c.json(body, 200) : c.json(body, 503)
      },
    )
}
