/**
 * Namespaces: `GET|POST /api/namespaces`, `GET|PATCH|DELETE /api/namespaces/{name}`. Users create
 * their own, with the cluster's default quota for user namespaces or less; admins set and change quotas. Deleting one
 * that still holds running pods, services or secrets is refused with what is left (409).
 */
import { z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { quotaSchema } from '../../namespaces/quota'
import type { NamespaceRow } from '../../store/namespaces'
import { iso } from '../../store/convert'
import { authenticatedApp, created, jsonBody, nameParam, ok, routesOf } from '../route-kit'
import { errorResponses, jsonContent } from '../schemas'
import { withLocation } from '../location'

const route = routesOf('namespaces')
const usage = z.object({ pods: z.number().int(), cpu: z.number().int(), memory: z.number().int() })

export const NamespaceSchema = z
  .object({
    name: z.string(),
    ownerId: z.string().nullable().openapi({ description: 'null for the shared namespaces (default, system).' }),
    quota: quotaSchema,
    usage: usage.openapi({ description: 'What its pods that have not finished request: pods, CPU millicores, memory MB.' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Namespace')

export const CreateNamespaceBody = z
  .strictObject({ name: resourceName.meta({ example: 'team-a' }), quota: quotaSchema.optional() })
  .openapi('CreateNamespace')

export type NamespacesRouteDeps = Pick<ServerDeps, 'auth' | 'namespaces'>

export function namespacesRoutes(deps: NamespacesRouteDeps) {
  const view = (n: NamespaceRow) => ({
    name: n.name,
    ownerId: n.ownerId,
    quota: n.quota,
    usage: deps.namespaces.usage(n.name),
    createdAt: iso(n.createdAt)!,
  })
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Namespaces you can see: the shared ones and your own (admins and viewers: all)',
        responses: { 200: jsonContent(z.object({ items: z.array(NamespaceSchema) }), 'Namespaces'), 401: errorResponses[401] },
      }),
      (c) => c.json({ items: deps.namespaces.list(c.get('principal')).map(view) }, 200),
    )
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary:
          'Create a namespace you own; a user’s gets the default quota for user namespaces, or the lower one asked for (403 above it)',
        request: jsonBody(CreateNamespaceBody),
        responses: created(NamespaceSchema, 'The new namespace'),
      }),
      async (c) =>
        c.json(
          withLocation(c, view(await deps.namespaces.create(c.get('principal'), c.req.valid('json'), c.get('requestId')))),
          201,
        ),
    )
    .openapi(
      route({
        method: 'get',
        path: '/{name}',
        summary: 'One namespace, with its quota and usage',
        request: { params: nameParam },
        responses: ok(NamespaceSchema, 'The namespace'),
      }),
      (c) => c.json(view(deps.namespaces.find(c.get('principal'), c.req.valid('param').name)), 200),
    )
    .openapi(
      route({
        method: 'patch',
        path: '/{name}',
        summary: 'Set a namespace’s quota (admins); the quota given replaces the old one',
        request: { params: nameParam, ...jsonBody(z.strictObject({ quota: quotaSchema }).openapi('UpdateNamespace')) },
        responses: ok(NamespaceSchema, 'The namespace as changed'),
      }),
      async (c) =>
        c.json(
          view(
            await deps.namespaces.setQuota(
              c.get('principal'),
              c.req.valid('param').name,
              c.req.valid('json').quota,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{name}',
        summary:
          'Delete an empty namespace (its finished pods go with it); refused while it holds running pods, services or secrets',
        request: { params: nameParam },
        responses: ok(z.object({ deleted: z.literal(true), name: z.string() }), 'Deleted'),
      }),
      async (c) => {
        await deps.namespaces.delete(c.get('principal'), c.req.valid('param').name, c.get('requestId'))
        return c.json({ deleted: true as const, name: c.req.valid('param').name }, 200)
      },
    )
}
