/**
 * Secrets: `GET|POST /api/secrets`, `GET|DELETE /api/secrets/{name}` (`?namespace=`, default
 * `default`). Values go in and never come out: every answer shows names and key names only.
 */
import { z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { secretView } from '../../secrets/secret-ops'
import { authenticatedApp, created, jsonBody, nameParam, ok, routesOf, target } from '../route-kit'
import { namespaceQuery } from '../schemas'
import { withLocation } from '../location'

const route = routesOf('secrets')

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

export const ReplaceSecretBody = z
  .strictObject({
    data: CreateSecretBody.shape.data,
  })
  .openapi('ReplaceSecret')

const ReplacedSecretSchema = SecretSchema.extend({
  changed: z.boolean().openapi({ description: 'false when the values were already these (nothing was written).' }),
}).openapi('ReplacedSecret')

export type SecretsRouteDeps = Pick<ServerDeps, 'auth' | 'secrets'>

export function secretsRoutes(deps: SecretsRouteDeps) {
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Secrets you own (admins: all), without their values',
        request: {
          query: z.object({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: every one).' }),
          }),
        },
        responses: ok(z.object({ items: z.array(SecretSchema) }), 'Secrets'),
      }),
      (c) => c.json({ items: deps.secrets.list(c.get('principal'), c.req.valid('query').namespace).map(secretView) }, 200),
    )
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary: 'Create a secret (encrypted at rest; injected into pods that reference it, on their node only)',
        request: jsonBody(CreateSecretBody),
        responses: created(SecretSchema, 'The secret, without its values'),
      }),
      async (c) =>
        c.json(
          withLocation(c, secretView(await deps.secrets.create(c.get('principal'), c.req.valid('json'), c.get('requestId')))),
          201,
        ),
    )
    .openapi(
      route({
        method: 'get',
        path: '/{name}',
        summary: 'One secret’s names and keys (never its values)',
        request: { params: nameParam, query: namespaceQuery },
        responses: ok(SecretSchema, 'The secret'),
      }),
      (c) => {
        const t = target(c)
        return c.json(secretView(deps.secrets.find(t.principal, t.ref, t.namespace)), 200)
      },
    )
    .openapi(
      route({
        method: 'put',
        path: '/{name}',
        summary:
          'Replace a secret’s values (owner or admin); the same values change nothing (`changed: false`). Running pods keep theirs.',
        request: { params: nameParam, query: namespaceQuery, ...jsonBody(ReplaceSecretBody) },
        responses: ok(ReplacedSecretSchema, 'The secret, without its values'),
      }),
      async (c) => {
        const t = target(c)
        const r = await deps.secrets.replace(t.principal, t.ref, t.namespace, c.req.valid('json').data, t.requestId)
        return c.json({ ...secretView(r.secret), changed: r.changed }, 200)
      },
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{name}',
        summary: 'Delete a secret (pods already running keep their environment)',
        request: { params: nameParam, query: namespaceQuery },
        responses: ok(SecretSchema, 'The deleted secret'),
      }),
      async (c) => {
        const t = target(c)
        return c.json(secretView(await deps.secrets.delete(t.principal, t.ref, t.namespace, t.requestId)), 200)
      },
    )
}
