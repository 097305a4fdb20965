import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi'
import { parsePackRef, resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { iso } from '../../store/convert'
import type { EventRecord } from '../../store/records'
import type { ServiceRecord } from '../../store/services'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { pageOf, pageQuery, paginate } from '../paginate'
import { errorResponses, jsonContent, namespaceQuery, refParam } from '../schemas'
import {
  CreateServiceBody,
  ScaleServiceBody,
  ServiceDetailSchema,
  ServiceHistorySchema,
  ServiceSchema,
  UpdateServiceBody,
} from '../service-schemas'
import { validationHook } from '../validation-hook'

const tags = ['services']
const security = [{ Bearer: [] }]

const eventView = (e: EventRecord) => ({
  id: e.id,
  type: e.type,
  severity: e.severity,
  resourceType: e.resourceType,
  resourceName: e.resourceName,
  reason: e.reason,
  message: e.message,
  createdAt: iso(e.createdAt)!,
})

const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } })

/** `/api/services`: services are desired state; the service controller converges pods to it. */
export function servicesRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  const { services } = deps
  const view = (s: ServiceRecord) => services.view(s)
  const find = (c: { get(k: 'principal'): AppEnv['Variables']['principal'] }, ref: string, namespace: string | undefined) =>
    services.ops.find(c.get('principal'), ref, namespace)

  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        security,
        summary: 'Create a service: N pods of a pack (or one per matching node with replicas 0 / daemonset), kept running',
        request: body(CreateServiceBody),
        responses: { 201: jsonContent(ServiceSchema, 'The new service'), ...errorResponses },
      }),
      async (c) => {
        const input = c.req.valid('json')
        const ref = parsePackRef(input.pack)
        const s = await services.ops.create(
          c.get('principal'),
          { ...input, pack: ref.name, version: input.version ?? ref.version },
          c.get('requestId'),
        )
        return c.json(view(s), 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        security,
        summary: 'Services you can see, with their pod counts',
        request: {
          query: pageQuery.extend({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: all you can see).' }),
          }),
        },
        responses: { 200: jsonContent(pageOf(ServiceSchema), 'Services'), 401: errorResponses[401] },
      }),
      (c) => {
        const q = c.req.valid('query')
        const page = paginate(services.ops.list(c.get('principal'), q.namespace), (s) => `${s.namespace}/${s.name}`, q)
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ref}',
        tags,
        security,
        summary: 'One service in detail: counts, condition, rollout, its pods with their nodes, recent events',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceDetailSchema, 'The service'), 404: errorResponses[404] },
      }),
      async (c) => {
        const s = find(c, c.req.valid('param').ref, c.req.valid('query').namespace)
        const events = await services.events(s)
        return c.json({ ...services.detail(s), events: events.map(eventView) }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{ref}/scale',
        tags,
        security,
        summary: 'Set the number of replicas (extra pods go least ready first, then the newest)',
        request: { params: refParam, query: namespaceQuery, ...body(ScaleServiceBody) },
        responses: { 200: jsonContent(ServiceSchema, 'The service'), ...errorResponses },
      }),
      async (c) => {
        const { ref } = c.req.valid('param')
        const s = await services.ops.scale(
          c.get('principal'),
          ref,
          c.req.valid('query').namespace,
          c.req.valid('json').replicas,
          c.get('requestId'),
        )
        return c.json(view(s), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{ref}',
        tags,
        security,
        summary: 'Update a service: a new pack version starts a rolling update; strategy and follow-latest change in place',
        request: { params: refParam, query: namespaceQuery, ...body(UpdateServiceBody) },
        responses: { 200: jsonContent(ServiceSchema, 'The service'), ...errorResponses },
      }),
      async (c) => {
        const input = c.req.valid('json')
        const ref = input.pack !== undefined ? parsePackRef(input.pack) : undefined
        const s = await services.ops.update(
          c.get('principal'),
          c.req.valid('param').ref,
          c.req.valid('query').namespace,
          { ...input, pack: ref?.name, version: input.version ?? ref?.version },
          c.get('requestId'),
        )
        return c.json(view(s), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{ref}/pause',
        tags,
        security,
        summary: 'Pause: pods keep running; no scaling, replacing or rollouts until resumed',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceSchema, 'The service'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          view(
            await services.ops.setPaused(
              c.get('principal'),
              c.req.valid('param').ref,
              c.req.valid('query').namespace,
              true,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{ref}/rollback',
        tags,
        security,
        summary:
          'Roll back to the previous version: the one a rollout in progress started from, or the latest earlier one (409 when there is none)',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceSchema, 'The service, rolling back'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          view(
            await services.ops.rollback(
              c.get('principal'),
              c.req.valid('param').ref,
              c.req.valid('query').namespace,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ref}/history',
        tags,
        security,
        summary: 'The versions the service was set to, newest first, with when and why',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceHistorySchema, 'The revisions'), ...errorResponses },
      }),
      async (c) => {
        const { service, revisions } = await services.ops.history(
          c.get('principal'),
          c.req.valid('param').ref,
          c.req.valid('query').namespace,
        )
        const pack = (id: string) => deps.state.packs.get(id)
        return c.json(
          {
            service: service.name,
            namespace: service.namespace,
            items: revisions.map((r, i) => ({
              revision: revisions.length - i,
              pack: { id: r.packId, name: pack(r.packId)?.name ?? null, version: pack(r.packId)?.version ?? null },
              reason: r.reason,
              at: iso(r.at)!,
              current: i === 0 && r.packId === service.packId,
            })),
          },
          200,
        )
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{ref}/resume',
        tags,
        security,
        summary: 'Resume reconciling a paused service',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceSchema, 'The service'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          view(
            await services.ops.setPaused(
              c.get('principal'),
              c.req.valid('param').ref,
              c.req.valid('query').namespace,
              false,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{ref}',
        tags,
        security,
        summary: 'Delete a service: its pods stop everywhere; the service is gone once they have',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(ServiceSchema, 'The service, deleting'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          view(
            await services.ops.delete(
              c.get('principal'),
              c.req.valid('param').ref,
              c.req.valid('query').namespace,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
}
