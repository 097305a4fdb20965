/**
 * Secrets: `GET|POST /api/secrets`, `GET|DELETE /api/secrets/{name}` (`?namespace=`, default
 * `default`). Values go in and never come out: every answer shows names and key names only.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { secretView } from '../../secrets/secret-ops'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { errorResponses, jsonContent, namespaceQuery } from '../schemas'
import { validationHook } from '../validation-hook'

const tags = ['secrets']
const security = [{ Bearer: [] }]

export const SecretSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    keys: z.array(z.string()).openapi({ description: 'The key names; values are never shown.' }),
    ownerId: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Secret')

export const CreateSecretBody = z
  .strictObject({
    name: resourceName.meta({ example: 'db' }),
    namespace: resourceName.optional().meta({ description: 'Default: default.' }),
    data: z
      .record(z.string().max(128), z.string().max(32_768))
      .openapi({ description: 'KEY → value; keys are environment variable names.', example: { DB_PASSWORD: 's3cret' } }),
  })
  .openapi('CreateSecret')

const nameParam = z.object({ name: resourceName.meta({ param: { name: 'name', in: 'path' } }) })

export function secretsRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        security,
        summary: 'Secrets you own (admins: all), without their values',
        request: {
          query: z.object({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: every one).' }),
          }),
        },
        responses: { 200: jsonContent(z.object({ items: z.array(SecretSchema) }), 'Secrets'), ...errorResponses },
      }),
      (c) => c.json({ items: deps.secrets.list(c.get('principal'), c.req.valid('query').namespace).map(secretView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        security,
        summary: 'Create a secret (encrypted at rest; injected into pods that reference it, on their node only)',
        request: { body: { content: { 'application/json': { schema: CreateSecretBody } }, required: true } },
        responses: { 201: jsonContent(SecretSchema, 'The secret, without its values'), ...errorResponses },
      }),
      async (c) =>
        c.json(secretView(await deps.secrets.create(c.get('principal'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{name}',
        tags,
        security,
        summary: 'One secret’s names and keys (never its values)',
        request: { params: nameParam, query: namespaceQuery },
        responses: { 200: jsonContent(SecretSchema, 'The secret'), ...errorResponses },
      }),
      (c) =>
        c.json(secretView(deps.secrets.find(c.get('principal'), c.req.valid('param').name, c.req.valid('query').namespace)), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{name}',
        tags,
        security,
        summary: 'Delete a secret (pods already running keep their environment)',
        request: { params: nameParam, query: namespaceQuery },
        responses: { 200: jsonContent(SecretSchema, 'The deleted secret'), ...errorResponses },
      }),
      async (c) =>
        c.json(
          secretView(
            await deps.secrets.delete(
              c.get('principal'),
              c.req.valid('param').name,
              c.req.valid('query').namespace,
              c.get('requestId'),
            ),
          ),
          200,
        ),
    )
}
