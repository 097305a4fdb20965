import type { ServerDeps } from '../../deps'
import { podView } from '../../pods/pod-view'
import { authenticatedApp, ok, routesOf, target } from '../route-kit'
import { namespaceQuery, PodSchema, refParam } from '../schemas'
import { RollbackPodBody } from '../service-schemas'

export type PodRollbackRouteDeps = Pick<ServerDeps, 'auth' | 'podRollback' | 'state'>

/** `POST /api/pods/{ref}/rollback`, mounted beside the pod routes. */
export function podRollbackRoutes(deps: PodRollbackRouteDeps) {
  return authenticatedApp(deps.auth).openapi(
    routesOf('pods')({
      method: 'post',
      path: '/{ref}/rollback',
      summary: 'Run a pod’s previous version for real: a new incarnation on its node with the older bundle',
      request: {
        params: refParam,
        query: namespaceQuery,
        body: { content: { 'application/json': { schema: RollbackPodBody } }, required: false },
      },
      responses: ok(PodSchema, 'The pod, on its new incarnation'),
    }),
    async (c) => {
      const input = c.req.valid('json') as { version?: string | undefined } | undefined
      const t = target(c)
      const pod = await deps.podRollback.rollback(t.principal, t.ref, t.namespace, input?.version, t.requestId)
      return c.json(podView(pod, deps.state), 200)
    },
  )
}
