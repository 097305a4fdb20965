/**
 * GET /metrics in the Prometheus text format. The series name pods, namespaces and nodes, so the
 * endpoint is not public: it takes `Authorization: Bearer <token>` where the token is the static
 * metrics token (STARK_METRICS_TOKEN, for a Prometheus scrape config) or the access token of an
 * admin or a viewer.
 */
import { timingSafeEqual } from 'node:crypto'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { ServerDeps } from '../../deps'
import { forbidden, unauthorized } from '../../errors'
import type { AppEnv } from '../env'
import { errorResponses } from '../schemas'

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export type MetricsRouteDeps = Pick<ServerDeps, 'auth' | 'metrics'>

export function metricsRoutes(deps: MetricsRouteDeps, options: { token?: string | undefined } = {}) {
  async function authorize(header: string | undefined) {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]
    if (!token)
      throw unauthorized('authentication required: send Authorization: Bearer <STARK_METRICS_TOKEN or an admin/viewer token>')
    if (options.token && sameSecret(token, options.token)) return
    const result = await deps.auth.authenticate(token)
    if (!result.ok) throw unauthorized('token is invalid or expired')
    const p = result.principal
    if (p.kind !== 'user' || (p.role !== 'admin' && p.role !== 'viewer'))
      throw forbidden('metrics are for admins, viewers and the metrics token')
  }

  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['metrics'],
      security: [{ Bearer: [] }],
      summary: 'Prometheus metrics (text format); the metrics token (STARK_METRICS_TOKEN) or an admin/viewer token',
      responses: {
        200: {
          content: { 'text/plain': { schema: z.string().openapi({ example: 'stark_pods{status="Running"} 3' }) } },
          description: 'Prometheus text exposition format 0.0.4',
        },
        401: errorResponses[401],
        403: errorResponses[403],
      },
    }),
    async (c) => {
      await authorize(c.req.header('authorization'))
      return c.text(await deps.metrics.render(), 200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' })
    },
  )
}
