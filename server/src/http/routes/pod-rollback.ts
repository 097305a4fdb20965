import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { podView } from '../../pods/pod-view'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { errorResponses, jsonContent, namespaceQuery, PodSchema, refParam } from '../schemas'
import { RollbackPodBody } from '../service-schemas'
import { validationHook } from '../validation-hook'

/** `POST /api/pods/{ref}/rollback`, mounted beside the pod routes. */
export function podRollbackRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  return app.openapi(
    createRoute({
      method: 'post',
      path: '/{ref}/rollback',
      tags: ['pods'],
      security: [{ Bearer: [] }],
      summary: 'Run a pod’s previous version for real: a new incarnation on its node with the older bundle',
      request: {
        params: refParam,
        query: namespaceQuery,
        body: { content: { 'application/json': { schema: RollbackPodBody } }, required: false },
      },
      responses: { 200: jsonContent(PodSchema, 'The pod, on its new incarnation'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json') as { version?: string | undefined } | undefined
      const pod = await deps.podRollback.rollback(
        c.get('principal'),
        c.req.valid('param').ref,
        c.req.valid('query').namespace,
        input?.version,
        c.get('requestId'),
      )
      return c.json(podView(pod, deps.state), 200)
    },
  )
}
