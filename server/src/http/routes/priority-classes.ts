import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { notFound } from '../../errors'
import { iso } from '../../store/convert'
import type { PriorityClassRecord } from '../../store/priority-classes'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { pageOf, pageQuery, paginate } from '../paginate'
import { errorResponses, jsonContent } from '../schemas'
import { validationHook } from '../validation-hook'

const tags = ['priorityclasses']
const security = [{ Bearer: [] }]

export const PriorityClassSchema = z
  .object({
    name: z.string(),
    value: z.number().int(),
    description: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('PriorityClass')

export const CreatePriorityClassBody = z
  .strictObject({
    name: resourceName.meta({ example: 'critical' }),
    value: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .openapi({ description: 'The priority pods of this class get (0–1000; higher preempts lower).', example: 900 }),
    description: z.string().max(1024).optional(),
  })
  .openapi('CreatePriorityClass')

const nameParam = z.object({ name: resourceName.meta({ param: { name: 'name', in: 'path' } }) })

const view = (pc: PriorityClassRecord) => ({
  name: pc.name,
  value: pc.value,
  description: pc.description,
  createdAt: iso(pc.createdAt)!,
})

export function priorityClassesRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        security,
        summary: 'Priority classes, by name',
        request: { query: pageQuery },
        responses: { 200: jsonContent(pageOf(PriorityClassSchema), 'Priority classes'), 401: errorResponses[401] },
      }),
      (c) => {
        const page = paginate(deps.priorityClasses.list(), (pc) => pc.name, c.req.valid('query'))
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        security,
        summary: 'Create a priority class (admins)',
        request: { body: { content: { 'application/json': { schema: CreatePriorityClassBody } }, required: true } },
        responses: { 201: jsonContent(PriorityClassSchema, 'The new priority class'), ...errorResponses },
      }),
      async (c) => c.json(view(await deps.priorityClasses.create(c.get('principal'), c.req.valid('json'))), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{name}',
        tags,
        security,
        summary: 'One priority class',
        request: { params: nameParam },
        responses: { 200: jsonContent(PriorityClassSchema, 'The priority class'), 404: errorResponses[404] },
      }),
      (c) => {
        const pc = deps.priorityClasses.get(c.req.valid('param').name)
        if (!pc) throw notFound(`priority class ${c.req.valid('param').name}`)
        return c.json(view(pc), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{name}',
        tags,
        security,
        summary: 'Delete a priority class (admins); pods keep the priority they were created with',
        request: { params: nameParam },
        responses: { 200: jsonContent(PriorityClassSchema, 'The deleted priority class'), ...errorResponses },
      }),
      async (c) => c.json(view(await deps.priorityClasses.delete(c.get('principal'), c.req.valid('param').name)), 200),
    )
}
