import { z } from '@hono/zod-openapi'
import { packName, resourceName, sha256Hex } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { iso } from '../../store/convert'
import type { PackRecord } from '../../store/records'
import { pageOf, pageQuery, paginate } from '../paginate'
import { authenticatedApp, created, jsonBody, listed, routesOf } from '../route-kit'
import { errorResponses, jsonContent, PackSchema, RegisterPackBody } from '../schemas'
import { withLocation } from '../location'

export const packView = (p: PackRecord) => ({
  id: p.id,
  name: p.name,
  version: p.version,
  runtime: p.runtime,
  visibility: p.visibility,
  namespace: p.namespace,
  sha256: p.sha256,
  size: p.size,
  description: p.description,
  ownerId: p.ownerId,
  createdAt: iso(p.createdAt)!,
})

const route = routesOf('packs')

export type PacksRouteDeps = Pick<ServerDeps, 'auth' | 'packs'>

export function packsRoutes(deps: PacksRouteDeps) {
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary: 'Register a pack version into a namespace (the bundle is immutable once registered)',
        request: jsonBody(RegisterPackBody),
        responses: {
          ...created(PackSchema, 'The registered pack'),
          413: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Bundle too large'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const pack = await deps.packs.register(
          c.get('principal'),
          { ...body, namespace: body.namespace === 'user' ? 'default' : body.namespace },
          c.get('requestId'),
        )
        return c.json(withLocation(c, packView(pack)), 201)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Packs you can use: every version, by namespace and name, oldest first within a name',
        request: {
          query: pageQuery.extend({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: every one).' }),
            name: packName.optional(),
          }),
        },
        responses: listed(pageOf(PackSchema), 'Packs'),
      }),
      (c) => {
        const q = c.req.valid('query')
        const all = deps.packs.list(c.get('principal'), q.namespace).filter((p) => !q.name || p.name === q.name)
        const key = (p: PackRecord) => `${p.namespace}\u0000${p.name}\u0000${String(p.createdAt).padStart(15, '0')}`
        const page = paginate(all, key, q)
        return c.json({ items: page.items.map(packView), nextCursor: page.nextCursor }, 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{name}/versions',
        summary: 'Every version of one pack (of a namespace), oldest first',
        request: {
          params: z.object({ name: packName.meta({ param: { name: 'name', in: 'path' } }) }),
          query: z.object({
            namespace: resourceName.default('default').meta({ description: 'The pack’s namespace (default: default).' }),
          }),
        },
        responses: { 200: jsonContent(z.object({ items: z.array(PackSchema) }), 'Versions'), 404: errorResponses[404] },
      }),
      (c) => {
        const versions = deps.packs.versions(c.get('principal'), c.req.valid('query').namespace, c.req.valid('param').name)
        return c.json({ items: versions.map(packView) }, 200)
      },
    )
}

/** Bundles by hash: nodes fetch what they are told to run, users what they may see. */
export function bundlesRoutes(deps: PacksRouteDeps) {
  return authenticatedApp(deps.auth).openapi(
    route({
      method: 'get',
      path: '/{sha256}',
      summary: 'Download a bundle by its sha256 (nodes fetch what they are told to run)',
      request: { params: z.object({ sha256: sha256Hex.meta({ param: { name: 'sha256', in: 'path' } }) }) },
      responses: {
        200: { content: { 'text/javascript': { schema: z.string() } }, description: 'The bundle' },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const bytes = await deps.packs.bundle(c.get('principal'), c.req.valid('param').sha256)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'private, max-age=31536000, immutable',
        etag: `"${c.req.valid('param').sha256}"`,
      })
    },
  )
}
