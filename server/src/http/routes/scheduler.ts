/** `GET /api/scheduler` (the scoring profile in effect) and `PUT /api/scheduler` (admins change it). */
import { z } from '@hono/zod-openapi'
import { schedulerProfileNames } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, jsonBody, ok, routesOf } from '../route-kit'
import { errorResponses, jsonContent } from '../schemas'

const route = routesOf('scheduler')
const weights = z.record(z.string().max(64), z.number().min(0).max(100))

export const SchedulerProfileSchema = z
  .object({
    name: z
      .enum(schedulerProfileNames)
      .openapi({ description: 'The base profile: spread (least allocated first) or binpack (most allocated first).' }),
    weights: weights.openapi({ description: 'The score weights in effect, by plugin.' }),
    overrides: weights.openapi({ description: 'The weights set on top of the base profile’s.' }),
    byConfig: z
      .boolean()
      .openapi({ description: 'Set by the server’s STARK_SCHEDULER_PROFILE, which the cluster setting cannot change.' }),
  })
  .openapi('SchedulerProfile')

export const SetSchedulerProfileBody = z
  .strictObject({
    name: z.enum(schedulerProfileNames).openapi({ example: 'binpack' }),
    weights: weights.optional().openapi({
      description: 'Score weights to override, by plugin name (0 turns a scorer off).',
      example: { NodeAffinity: 5 },
    }),
  })
  .openapi('SetSchedulerProfile')

export type SchedulerRouteDeps = Pick<ServerDeps, 'auth' | 'schedulerProfile'>

export function schedulerRoutes(deps: SchedulerRouteDeps) {
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'The scheduler’s scoring profile',
        responses: {
          200: jsonContent(SchedulerProfileSchema, 'The profile in effect'),
          401: errorResponses[401],
          403: errorResponses[403],
        },
      }),
      (c) => c.json(deps.schedulerProfile.get(), 200),
    )
    .openapi(
      route({
        method: 'put',
        path: '/',
        summary: 'Change the scoring profile for the whole cluster (admins); applies from the next decision',
        request: jsonBody(SetSchedulerProfileBody),
        responses: ok(SchedulerProfileSchema, 'The profile now in effect'),
      }),
      async (c) => {
        const body = c.req.valid('json')
        return c.json(
          await deps.schedulerProfile.set(c.get('principal'), {
            name: body.name,
            ...(body.weights ? { weights: body.weights } : {}),
          }),
          200,
        )
      },
    )
}
