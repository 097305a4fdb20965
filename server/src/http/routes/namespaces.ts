/**
 * Namespaces: `GET|POST /api/namespaces`, `GET|PATCH|DELETE /api/namespaces/{name}`. Users create
 * their own, with the cluster's default quota for user namespaces or less; admins set and change quotas. Deleting one
 * that still holds running pods, services or secrets is refused with what is left (409).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { quotaSchema } from '../../namespaces/quota'
import type { NamespaceRow } from '../../store/namespaces'
import { iso } from '../../store/convert'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { errorResponses, jsonContent } from '../schemas'
import { validationHook } from '../validation-hook'

const tags = ['namespaces']
const security = [{ Bearer: [] }]
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

const nameParam = z.object({ name: resourceName.meta({ param: { name: 'name', in: 'path' } }) })

export function namespacesRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  const view = (n: NamespaceRow) => ({
    name: n.name,
    ownerId: n.ownerId,
    quota: n.quota,
    usage: deps.namespaces.usage(n.name),
    createdAt: iso(n.createdAt)!,
  })
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        security,
        summary: 'Namespaces you can see: the shared ones and your own (admins and viewers: all)',
        responses: { 200: jsonContent(z.object({ items: z.array(NamespaceSchema) }), 'Namespaces'), 401: errorResponses[401] },
      }),
      (c) => c.json({ items: deps.namespaces.list(c.get('principal')).map(view) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        security,
        summary:
          'Create a namespace you own; a user’s gets the default quota for user namespaces, or the lower one asked for (403 above it)',
        request: { body: { content: { 'application/json': { schema: CreateNamespaceBody } }, required: true } },
        responses: { 201: jsonContent(NamespaceSchema, 'The new namespace'), ...errorResponses },
      }),
      async (c) => c.json(view(await deps.namespaces.create(c.get('principal'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{name}',
        tags,
        security,
        summary: 'One namespace, with its quota and usage',
        request: { params: nameParam },
        responses: { 200: jsonContent(NamespaceSchema, 'The namespace'), ...errorResponses },
      }),
      (c) => c.json(view(deps.namespaces.find(c.get('principal'), c.req.valid('param').name)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{name}',
        tags,
        security,
        summary: 'Set a namespace’s quota (admins); the quota given replaces the old one',
        request: {
          params: nameParam,
          body: {
            content: { 'application/json': { schema: z.strictObject({ quota: quotaSchema }).openapi('UpdateNamespace') } },
            required: true,
          },
        },
        responses: { 200: jsonContent(NamespaceSchema, 'The namespace as changed'), ...errorResponses },
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
      createRoute({
        method: 'delete',
        path: '/{name}',
        tags,
        security,
        summary:
          'Delete an empty namespace (its finished pods go with it); refused while it holds running pods, services or secrets',
        request: { params: nameParam },
        responses: { 200: jsonContent(z.object({ deleted: z.literal(true), name: z.string() }), 'Deleted'), ...errorResponses },
      }),
      async (c) => {
        await deps.namespaces.delete(c.get('principal'), c.req.valid('param').name, c.get('requestId'))
        return c.json({ deleted: true as const, name: c.req.valid('param').name }, 200)
      },
    )
}
