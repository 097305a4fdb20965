import { z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { notFound } from '../../errors'
import { iso } from '../../store/convert'
import type { PriorityClassRecord } from '../../store/priority-classes'
import { pageOf, pageQuery, paginate } from '../paginate'
import { authenticatedApp, created, found, jsonBody, listed, nameParam, ok, routesOf } from '../route-kit'
import { withLocation } from '../location'

const route = routesOf('priorityclasses')

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

const view = (pc: PriorityClassRecord) => ({
  name: pc.name,
  value: pc.value,
  description: pc.description,
  createdAt: iso(pc.createdAt)!,
})

export type PriorityClassesRouteDeps = Pick<ServerDeps, 'auth' | 'priorityClasses'>

export function priorityClassesRoutes(deps: PriorityClassesRouteDeps) {
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Priority classes, by name',
        request: { query: pageQuery },
        responses: listed(pageOf(PriorityClassSchema), 'Priority classes'),
      }),
      (c) => {
        const page = paginate(deps.priorityClasses.list(), (pc) => pc.name, c.req.valid('query'))
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary: 'Create a priority class (admins)',
        request: jsonBody(CreatePriorityClassBody),
        responses: created(PriorityClassSchema, 'The new priority class'),
      }),
      async (c) => c.json(withLocation(c, view(await deps.priorityClasses.create(c.get('principal'), c.req.valid('json')))), 201),
    )
    .openapi(
      route({
        method: 'get',
        path: '/{name}',
        summary: 'One priority class',
        request: { params: nameParam },
        responses: found(PriorityClassSchema, 'The priority class'),
      }),
      (c) => {
        const pc = deps.priorityClasses.get(c.req.valid('param').name)
        if (!pc) throw notFound(`priority class ${c.req.valid('param').name}`)
        return c.json(view(pc), 200)
      },
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{name}',
        summary: 'Delete a priority class (admins); pods keep the priority they were created with',
        request: { params: nameParam },
        responses: ok(PriorityClassSchema, 'The deleted priority class'),
      }),
      async (c) => c.json(view(await deps.priorityClasses.delete(c.get('principal'), c.req.valid('param').name)), 200),
    )
}
