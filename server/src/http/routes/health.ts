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

/**
 * Liveness and readiness in one: 200 when the database answers, 503 when it does not. A mass
 * outage pausing evictions is said in the body (status `degraded`), still with 200.
 */
export type HealthRouteDeps = Pick<ServerDeps, 'db' | 'version' | 'nodeHealth'>

export function healthRoutes(deps: HealthRouteDeps) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['health'],
      summary: 'Is the server up and its database reachable?',
      responses: { 200: jsonContent(HealthSchema, 'Healthy'), 503: jsonContent(HealthSchema, 'Database unavailable') },
    }),
    async (c) => {
      const ok = await Promise.race([
        deps.db.query('select 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
      ])
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
