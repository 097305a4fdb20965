/**
 * GET /api/usage: what the pods and nodes the caller may see used over the last minutes (CPU
 * millicores, memory MB), as their nodes reported it — the dashboard's small charts. Samples are
 * `[at (epoch ms), cpu, memory]`, oldest first, averaged down to `points` per pod or node.
 */
import { z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import { canSeeNode, canSeePod } from '../../auth/policy'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, listed, routesOf } from '../route-kit'

const Sample = z
  .tuple([z.number(), z.number(), z.number()])
  .openapi({ description: '[at (epoch ms), CPU (millicores), memory (MB)]', example: [1767000000000, 120, 48] })

export const UsageSchema = z
  .object({
    windowSeconds: z.number().int(),
    nodes: z.array(z.object({ id: z.string(), name: z.string(), samples: z.array(Sample) })),
    pods: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        namespace: z.string(),
        nodeId: z.string().nullable(),
        samples: z.array(Sample),
      }),
    ),
  })
  .openapi('Usage')

export type UsageRouteDeps = Pick<ServerDeps, 'auth' | 'state' | 'usage'>

export function usageRoutes(deps: UsageRouteDeps) {
  return authenticatedApp(deps.auth).openapi(
    routesOf('usage')({
      method: 'get',
      path: '/',
      summary: 'CPU and memory of the pods and nodes you can see over the last 15 minutes',
      request: {
        query: z.object({
          namespace: resourceName.optional().meta({ description: 'Only pods of this namespace (nodes are all listed).' }),
          points: z.coerce
            .number()
            .int()
            .min(2)
            .max(200)
            .default(30)
            .openapi({ description: 'Samples per pod or node at most (averaged); default 30.' }),
        }),
      },
      responses: listed(UsageSchema, 'Usage samples'),
    }),
    (c) => {
      const q = c.req.valid('query')
      const p = c.get('principal')
      const history = deps.usage.history
      const nodes = [...deps.state.nodes.values()]
        .filter((n) => canSeeNode(p, n))
        .map((n) => ({
          id: n.id,
          name: n.name,
          samples: history.node(n.id, q.points).map((s) => [...s] as [number, number, number]),
        }))
      const pods = [...deps.state.pods.values()]
        .filter((pod) => canSeePod(p, pod) && (!q.namespace || pod.namespace === q.namespace))
        .map((pod) => ({
          id: pod.id,
          name: pod.name,
          namespace: pod.namespace,
          nodeId: pod.nodeId,
          samples: history.pod(pod.id, q.points).map((s) => [...s] as [number, number, number]),
        }))
        .filter((pod) => pod.samples.length > 0)
      return c.json({ windowSeconds: Math.round(history.windowMs / 1000), nodes, pods }, 200)
    },
  )
}
