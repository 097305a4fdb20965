/**
 * Cluster-wide operations (admins only: /api/cluster is not in the role matrix).
 * POST /api/cluster/resume-evictions ends a mass-outage pause of evictions now.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { errorResponses, jsonContent } from '../schemas'
import { validationHook } from '../validation-hook'

export const MassOutageSchema = z
  .object({
    since: z.string().openapi({ format: 'date-time' }),
    until: z
      .string()
      .openapi({ format: 'date-time', description: 'When the pause ends at the latest (STARK_MASS_OUTAGE_MAX after it began).' }),
    nodesDown: z
      .array(z.string())
      .openapi({ description: 'The nodes it caught that are still down: their pods are not evicted meanwhile.' }),
    nodes: z.array(z.string()).openapi({ description: 'Every node it caught.' }),
  })
  .openapi('MassOutage')

const ResumeSchema = z
  .object({ resumed: z.boolean().openapi({ description: 'Whether a pause was ended (false: evictions were not paused).' }) })
  .openapi('EvictionsResumed')

export function clusterRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  return app.openapi(
    createRoute({
      method: 'post',
      path: '/resume-evictions',
      tags: ['cluster'],
      security: [{ Bearer: [] }],
      summary: 'End a mass-outage pause of evictions now (admins): pods on nodes still down are replaced',
      responses: { 200: jsonContent(ResumeSchema, 'Evictions run'), ...errorResponses },
    }),
    async (c) => c.json({ resumed: await deps.nodeHealth.resumeEvictions(c.get('principal').id) }, 200),
  )
}
