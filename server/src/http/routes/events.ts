/**
 * GET /api/events: what happened, newest page first or paged forward from a time or cursor; with
 * `follow=true` a text/event-stream that sends that page and then every new event as it commits.
 * Admins see every event; viewers all but audit events; users those about what they own or did.
 * A repeated event is one event with a `count`; when it repeats, a follower gets it again (same id).
 */
import { z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { watchStanding } from '../../ws/connection-standing'
import { resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { authenticatedApp, routesOf } from '../route-kit'
import { canReadAudit } from '../../auth/policy'
import { badRequest, forbidden } from '../../errors'
import { eventFilter, type EventFilter } from '../../events/event-filter'
import { eventView } from '../../events/event-view'
import { iso } from '../../store/convert'
import { eventsRepo } from '../../store/events'
import type { EventRecord } from '../../store/records'
import { pageOf, pageQuery } from '../paginate'
import { createPump } from '../../state/pump'
import { errorResponses, problemContent } from '../schemas'
import { watchableList, watchQuery } from '../watch/watch-query'
import { watchResponse } from '../watch/watch-stream'

export const eventCategories = ['pod', 'node', 'service', 'pack', 'system', 'auth', 'scheduler', 'audit'] as const
export const eventSeverities = ['info', 'warning', 'error'] as const

export const EventSchema = z
  .object({
    id: z.number().int(),
    type: z.string().openapi({ example: 'PodScheduled' }),
    category: z.enum(eventCategories),
    severity: z.enum(eventSeverities),
    resourceType: z.string().nullable().openapi({ example: 'pod' }),
    resourceId: z.string().nullable(),
    resourceName: z.string().nullable().openapi({ example: 'hello-x7k2p' }),
    namespace: z.string().nullable(),
    previousState: z.string().nullable(),
    newState: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    correlationId: z
      .string()
      .nullable()
      .openapi({ description: 'The request id (X-Request-Id) of the call that caused the event, if a call did.' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    count: z.number().int().min(1).openapi({
      description:
        'How often it happened: a repeat (same object, type, reason, severity and message) within 10 minutes of the last adds to this event instead of a new one.',
    }),
    firstSeen: z.string().openapi({ format: 'date-time', description: 'The first occurrence (equals createdAt).' }),
    lastSeen: z.string().openapi({ format: 'date-time', description: 'The latest occurrence.' }),
  })
  .openapi('Event')

export const EventsQuery = pageQuery.extend({
  category: z.enum(eventCategories).optional(),
  resource: z
    .string()
    .regex(/^[a-z]+(\/[A-Za-z0-9._@-]{1,253})?$/, 'must be a resource type (pod) or type/name (pod/web-1)')
    .optional()
    .openapi({
      description: 'A resource type (`pod`, `node`, `pack`, `service`, `user`) or one resource as `type/name` (name or id).',
    }),
  namespace: resourceName.optional().meta({ description: 'Only events in this namespace.' }),
  severity: z
    .string()
    .regex(/^(info|warning|error)(,(info|warning|error))*$/, 'must be info, warning or error (comma-separated for several)')
    .optional()
    .openapi({ description: 'One severity, or several comma-separated (`warning,error`).' }),
  type: z
    .string()
    .regex(/^[A-Za-z]{1,128}$/, 'must be an event type such as PodFailed')
    .optional()
    .openapi({ description: 'One event type, e.g. `PodFailed`.' }),
  since: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only events at or after this time (ISO 8601); pages forward from there.' }),
  follow: z.enum(['true', 'false']).optional().openapi({
    description: '`true`: a text/event-stream of the page, then every new event (`event: event`, `id:` the event id).',
  }),
  ...watchQuery,
})

/** The REST view: the WebSocket's `watch:event` shape, with its enums typed. */
export const restEventView = (e: EventRecord) => ({
  ...eventView(e),
  category: e.category,
  severity: e.severity,
  count: e.count,
  firstSeen: iso(e.createdAt)!,
  lastSeen: iso(e.lastSeen)!,
})

const encodeCursor = (id: number) => Buffer.from(String(id), 'utf8').toString('base64url')
function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(id)) throw badRequest('cursor is not valid (pass the nextCursor of the previous page)')
  return id
}

/** Longest a follower may fall behind before the server ends its stream. */
const MAX_PENDING = 10_000
const KEEPALIVE_MS = 15_000

export type EventsRouteDeps = Pick<ServerDeps, 'auth' | 'bus' | 'clock' | 'db' | 'watches'>

export function eventsRoutes(deps: EventsRouteDeps) {
  /** Every stored event after `afterId` that matches (pages of `pageSize`). */
  async function* storedAfter(filter: EventFilter, afterId: number | undefined, since: number | undefined, pageSize: number) {
    let after = afterId
    for (;;) {
      const rows = await eventsRepo.query(deps.db, {
        ...filter.query,
        limit: pageSize,
        forward: after !== undefined || since !== undefined,
        ...(after !== undefined ? { afterId: after } : {}),
      })
      yield rows
      if (rows.length < pageSize || (after === undefined && since === undefined)) return
      after = rows.at(-1)!.id
    }
  }

  return authenticatedApp(deps.auth).openapi(
    routesOf('events')({
      method: 'get',
      path: '/',
      summary: 'Events, oldest first: the newest page, or forward from `since` / `cursor`; `follow=true` streams new ones',
      description:
        'Without `since` or `cursor` the answer is the newest `limit` events (its `nextCursor` is null). With `since` or `cursor` it pages forward: `nextCursor` is set while more events follow. ' +
        'With `follow=true` the answer is a text/event-stream: the same page, then each new matching event as `event: event` with `id: <event id>`; send `Last-Event-ID` to resume.',
      request: { query: EventsQuery },
      responses: {
        200: {
          content: {
            'application/json': { schema: watchableList(EventSchema) },
            'text/event-stream': {
              schema: z
                .string()
                .openapi({ description: '`event: event` records whose data is an Event; `: keepalive` comments' }),
            },
          },
          description: 'Events',
        },
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        410: problemContent('With watch=true: the resourceVersion is too old (or from another server): list again'),
        429: problemContent('With watch=true: too many watches open for this caller'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const principal = c.get('principal')
      if (principal.kind !== 'user') throw forbidden('only users read events')
      if (q.category === 'audit' && !canReadAudit(principal)) throw forbidden('only admins read audit events')
      const since = q.since ? Date.parse(q.since) : undefined
      const filter = eventFilter(principal, {
        category: q.category,
        resource: q.resource,
        namespace: q.namespace,
        severity: q.severity,
        type: q.type,
        since,
      })
      const lastEventId = q.follow === 'true' ? c.req.header('last-event-id') : undefined
      const afterId = q.cursor
        ? decodeCursor(q.cursor)
        : lastEventId && /^\d+$/.test(lastEventId)
          ? Number(lastEventId)
          : undefined

      if (q.watch === 'true') {
        if (q.follow === 'true') throw badRequest('watch=true goes without follow')
        return watchResponse(c, deps, q.resourceVersion, {
          kind: 'events',
          shows: (e) => filter.matches(e),
          view: restEventView,
          // The newest `limit` that match, as the list without a cursor answers.
          existing: () => eventsRepo.query(deps.db, { ...filter.query, limit: q.limit }),
        }) as never
      }
      if (q.follow !== 'true') {
        // Read before the query: every event committed after it is in a watch from it.
        const resourceVersion = String(deps.watches.log.revision)
        const forward = afterId !== undefined || since !== undefined
        const rows = await eventsRepo.query(deps.db, {
          ...filter.query,
          limit: forward ? q.limit + 1 : q.limit,
          forward,
          ...(afterId !== undefined ? { afterId } : {}),
        })
        const items = rows.slice(0, q.limit)
        const nextCursor = forward && rows.length > q.limit ? encodeCursor(items.at(-1)!.id) : null
        return c.json({ items: items.map(restEventView), nextCursor, resourceVersion }, 200)
      }

      // Subscribe before reading, so nothing committed in between is lost; skip what the read returned.
      const pump = createPump<EventRecord>(MAX_PENDING)
      const off = deps.bus.subscribe((e) => {
        if (filter.matches(e)) pump.push(e)
      })
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => pump.close())
        // Disabling the user or ending the session ends the stream too.
        const standing = watchStanding(
          deps,
          () => principal,
          undefined,
          () => void stream.abort(),
        )
        let lastId = afterId ?? 0
        const send = async (e: EventRecord, live: boolean) => {
          if (e.id <= lastId) {
            // A live repeat of an event already sent: the event again, with its new count and lastSeen.
            // No `id:`, so a reconnect resumes after the newest event, not this older one.
            if (live && e.count > 1) await stream.writeSSE({ event: 'event', data: JSON.stringify(restEventView(e)) })
            return
          }
          lastId = e.id
          await stream.writeSSE({ event: 'event', id: String(e.id), data: JSON.stringify(restEventView(e)) })
        }
        try {
          for await (const rows of storedAfter(filter, afterId, since, q.limit)) for (const e of rows) await send(e, false)
          while (!stream.aborted && !pump.closed) {
            const batch = await pump.take(KEEPALIVE_MS)
            if (pump.overflowed) {
              await stream.writeSSE({
                event: 'error',
                data: JSON.stringify({
                  code: 'too_slow',
                  message: `more than ${MAX_PENDING} events behind; reconnect with Last-Event-ID: ${lastId}`,
                }),
              })
              break
            }
            if (batch.length === 0 && !pump.closed) await stream.write(': keepalive\n\n')
            for (const e of batch) await send(e, true)
          }
        } finally {
          standing.stop()
          off()
          pump.close()
        }
      }) as never
    },
  )
}
