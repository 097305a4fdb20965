/**
 * GET /api/status: the cluster at a glance for `stark status` — server and database, nodes and
 * pods by status (those the caller may see), and the latest warnings.
 */
import { z } from '@hono/zod-openapi'
import { nodeStatuses, podStatuses } from '@stark/shared'
import { canSeePod } from '../../auth/policy'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, listed, routesOf } from '../route-kit'
import { eventFilter } from '../../events/event-filter'
import { eventsRepo } from '../../store/events'
import { iso } from '../../store/convert'
import { summarize } from '../../state/state-views'
import { EventSchema, restEventView } from './events'
import { canSeeNode } from './nodes'
import { MassOutageSchema } from './cluster'
import { massOutageView } from './mass-outage-view'

const count = z.number().int()

export const StatusSchema = z
  .object({
    server: z.object({
      version: z.string(),
      engine: z.string(),
      startedAt: z.string().openapi({ format: 'date-time' }),
      uptimeSeconds: count,
    }),
    database: z.object({ status: z.enum(['ok', 'unavailable']), latencyMs: z.number().nullable() }),
    servers: z
      .array(
        z.object({
          id: z.string(),
          url: z.string(),
          version: z.string(),
          leader: z.boolean(),
          lastSeenAt: z.string().openapi({ format: 'date-time' }),
        }),
      )
      .openapi({ description: 'Every server on this database (the leader first) and when it last wrote its heartbeat.' }),
    nodes: z.object({
      total: count,
      byStatus: z.object(
        Object.fromEntries(nodeStatuses.map((s) => [s, count])) as Record<(typeof nodeStatuses)[number], typeof count>,
      ),
      unschedulable: count.openapi({ description: 'Cordoned nodes.' }),
    }),
    pods: z.object({
      total: count,
      byStatus: z.object(
        Object.fromEntries(podStatuses.map((s) => [s, count])) as Record<(typeof podStatuses)[number], typeof count>,
      ),
      unschedulable: count.openapi({ description: 'Pending pods no node can take (the scheduler’s reason is on each pod).' }),
    }),
    evictions: z
      .object({
        paused: z.boolean(),
        massOutage: MassOutageSchema.nullable(),
      })
      .openapi({
        description:
          'Whether node health holds back evictions because many nodes dropped at once (the server may be the one cut off); `stark cluster resume-evictions` ends it.',
      }),
    warnings: z
      .array(EventSchema)
      .openapi({ description: 'Warning and error events of the last hour, oldest first (at most 10).' }),
  })
  .openapi('ClusterStatus')

const WARNINGS_WINDOW_MS = 3_600_000
const DB_TIMEOUT_MS = 2000

export type StatusRouteDeps = Pick<ServerDeps, 'auth' | 'clock' | 'db' | 'state' | 'version' | 'nodeHealth' | 'cluster'>

export function statusRoutes(deps: StatusRouteDeps) {
  const startedAt = deps.clock.now()
  return authenticatedApp(deps.auth).openapi(
    routesOf('status')({
      method: 'get',
      path: '/',
      summary: 'The cluster at a glance: server, database, nodes and pods by status, recent warnings',
      responses: listed(StatusSchema, 'Cluster status'),
    }),
    async (c) => {
      const p = c.get('principal')
      const t0 = performance.now()
      const dbOk = await Promise.race([
        deps.db.query('select 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DB_TIMEOUT_MS)),
      ])
      const latencyMs = dbOk ? Math.round((performance.now() - t0) * 10) / 10 : null

      // Whoever sees everything reads the state's computed summary; others count what they see.
      const summary =
        p.kind === 'user' && (p.role === 'admin' || p.role === 'viewer')
          ? deps.state.views.summary.value
          : summarize(
              [...deps.state.nodes.values()].filter((n) => canSeeNode(p, n)),
              [...deps.state.pods.values()].filter((pod) => canSeePod(p, pod)),
            )

      const now = deps.clock.now()
      const warnings =
        dbOk && p.kind === 'user'
          ? await eventsRepo
              .query(deps.db, {
                ...eventFilter(p, { severity: 'warning,error', since: now - WARNINGS_WINDOW_MS }).query,
                limit: 10,
              })
              .catch(() => [])
          : []
      const servers = dbOk && deps.cluster ? await deps.cluster.servers().catch(() => []) : []
      return c.json(
        {
          servers: servers.map((s) => ({ id: s.id, url: s.url, version: s.version, leader: s.leader, lastSeenAt: s.lastSeenAt })),
          server: {
            version: deps.version,
            engine: deps.db.engine,
            startedAt: iso(startedAt)!,
            uptimeSeconds: Math.max(0, Math.floor((now - startedAt) / 1000)),
          },
          database: { status: dbOk ? ('ok' as const) : ('unavailable' as const), latencyMs },
          nodes: { total: summary.nodes.total, byStatus: summary.nodes.byStatus, unschedulable: summary.nodes.unschedulable },
          pods: summary.pods,
          evictions: massOutageView(deps),
          warnings: warnings.map(restEventView),
        },
        200,
      )
    },
  )
}
