import { z } from '@hono/zod-openapi'
import type { JoinTokens } from '../../auth/join-tokens'
import { DEFAULT_JOIN_TTL_SECONDS, MAX_JOIN_TTL_SECONDS } from '../../auth/join-tokens'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, routesOf } from '../route-kit'
import { StarkError } from '../../errors'
import { errorResponses, jsonContent } from '../schemas'

const JoinTokenSchema = z
  .object({
    url: z
      .string()
      .openapi({ description: 'Open on the device to join; the token rides in the fragment, which never reaches a server log.' }),
    token: z.string(),
    servers: z.array(z.string()).openapi({
      description: 'Every server on this database seen in the last 30 s (this one first); the link lists the others too.',
    }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('JoinToken')

const JoinTokenBody = z
  .strictObject({
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(MAX_JOIN_TTL_SECONDS)
      .optional()
      .openapi({ description: `How long the token works (default ${DEFAULT_JOIN_TTL_SECONDS} s).` }),
  })
  .openapi('JoinTokenRequest')

/** POST /api/nodes/tokens: a join link for one new node, owned by the caller. */
export type JoinRouteDeps = Pick<ServerDeps, 'auth' | 'clock'> & Partial<Pick<ServerDeps, 'cluster'>>

export function joinRoutes(deps: JoinRouteDeps, joinTokens: JoinTokens | undefined) {
  return authenticatedApp(deps.auth).openapi(
    routesOf('nodes')({
      method: 'post',
      path: '/',
      summary: 'Create a join token: a short-lived credential that registers one new node owned by you',
      request: { body: { content: { 'application/json': { schema: JoinTokenBody } }, required: false } },
      responses: {
        201: jsonContent(JoinTokenSchema, 'The join link and token'),
        401: errorResponses[401],
        403: errorResponses[403],
      },
    }),
    async (c) => {
      const body = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? {}
      if (!joinTokens) throw new StarkError('internal', 'join tokens are not enabled on this server')
      const issued = await joinTokens.issue(c.get('principal'), body.ttlSeconds)
      // The link points where the caller reached this server (behind a TLS proxy: its scheme).
      const requested = new URL(c.req.url)
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
      const origin = proto === 'https' || proto === 'http' ? `${proto}://${requested.host}` : requested.origin
      // Other servers on the same database: a node moves to one of them when this one fails.
      const now = deps.clock.now()
      const known = deps.cluster ? await deps.cluster.servers().catch(() => []) : []
      const others = known
        .filter((s) => s.id !== deps.cluster?.serverId && s.url && now - Date.parse(s.lastSeenAt) < 30_000)
        .map((s) => s.url)
        .filter((u) => u !== origin)
      const url = `${origin}/#join=${encodeURIComponent(issued.token)}${others.length ? `&servers=${encodeURIComponent(others.join(','))}` : ''}`
      const servers = [origin, ...others]
      return c.json({ url, token: issued.token, servers, expiresAt: new Date(issued.expiresAt).toISOString() }, 201)
    },
  )
}
