/**
 * Cluster-wide operations (admins only: /api/cluster is not in the role matrix).
 * POST /api/cluster/resume-evictions ends a mass-outage pause of evictions now.
 */
import { z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, ok, routesOf } from '../route-kit'

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

const route = routesOf('cluster')

export type ClusterRouteDeps = Pick<ServerDeps, 'auth' | 'nodeHealth'>

export function clusterRoutes(deps: ClusterRouteDeps) {
  return authenticatedApp(deps.auth).openapi(
    route({
      method: 'post',
      path: '/resume-evictions',
      summary: 'End a mass-outage pause of evictions now (admins): pods on nodes still down are replaced',
      responses: ok(ResumeSchema, 'Evictions run'),
    }),
    async (c) => c.json({ resumed: await deps.nodeHealth.resumeEvictions(c.get('principal').id) }, 200),
  )
}
