import type { Sql } from '../db/sql'
import { json, ms } from './convert'
import type { EventInput, EventRecord } from './records'

const toEvent = (r: Record<string, unknown>): EventRecord => ({
  id: Number(r.id),
  type: r.type as string,
  category: r.category as EventRecord['category'],
  severity: r.severity as EventRecord['severity'],
  resourceType: (r.resource_type as string) ?? null,
  resourceId: (r.resource_id as string) ?? null,
  resourceName: (r.resource_name as string) ?? null,
  namespace: (r.namespace as string) ?? null,
  ownerId: (r.owner_id as string) ?? null,
  previousState: (r.previous_state as string) ?? null,
  newState: (r.new_state as string) ?? null,
  reason: (r.reason as string) ?? null,
  message: (r.message as string) ?? null,
  correlationId: (r.correlation_id as string) ?? null,
  actorId: (r.actor_id as string) ?? null,
  createdAt: ms(r.created_at),
  count: Number(r.count ?? 1),
  lastSeen: ms(r.last_seen ?? r.created_at),
})

const COLUMNS = `id::float8 as id, type, category, severity, resource_type, resource_id, resource_name, namespace,
  owner_id, previous_state, new_state, reason, message, correlation_id, actor_id, created_at, count, last_seen`

/** An event to write: its input, when it happened, and how often (repeats folded before writing). */
export type NewEvent = EventInput & { createdAt: number; count?: number }

/** A repeat of a stored event: `count` more occurrences, the last at `at`. */
export interface EventRepeat {
  id: number
  count: number
  at: number
  correlationId: string | null
  actorId: string | null
}

export interface EventQuery {
  category?: string
  resourceType?: string
  resourceId?: string
  resourceName?: string
  /** A resource by id or by name (`pod/NAME` in the REST query). */
  resourceRef?: string
  /** Any of these severities. */
  severities?: readonly string[]
  type?: string
  namespace?: string
  since?: number
  /** Only events with an id above this (for paging forward / following). */
  afterId?: number
  /** Restrict to events this user may see (owner or actor); absent = all. */
  visibleTo?: string
  /** Leave out this category (audit events for everyone but admins). */
  excludeCategory?: string
  limit: number
  /** The first `limit` events from the start (since / afterId) instead of the newest `limit`. */
  forward?: boolean
}

export const eventsRepo = {
  /**
   * Inserts events in one statement and returns them with their ids, in the order given. Only the
   * ids come back: the records are the rows as written (every column is stored as given), which
   * spares reading back and parsing every column of every row (a binding batch writes 500).
   */
  async insertMany(sql: Sql, events: readonly NewEvent[]): Promise<EventRecord[]> {
    if (events.length === 0) return []
    const records = events.map(
      (e): Omit<EventRecord, 'id'> => ({
        type: e.type,
        category: e.category,
        severity: e.severity ?? 'info',
        // Null when absent, as a read gives (the record type says string).
        resourceType: e.resourceType ?? (null as unknown as string),
        resourceId: e.resourceId ?? (null as unknown as string),
        resourceName: e.resourceName ?? (null as unknown as string),
        namespace: e.namespace ?? null,
        ownerId: e.ownerId ?? null,
        previousState: e.previousState ?? null,
        newState: e.newState ?? null,
        reason: e.reason ?? null,
        message: e.message ?? null,
        correlationId: e.correlationId ?? null,
        actorId: e.actorId ?? null,
        createdAt: e.createdAt,
        count: e.count ?? 1,
        lastSeen: e.createdAt,
      }),
    )
    const rows = await sql.query<{ id: number }>(
      `insert into events (type, category, severity, resource_type, resource_id, resource_name, namespace, owner_id,
         previous_state, new_state, reason, message, correlation_id, actor_id, created_at, count, last_seen)
       select type, category, severity, resource_type, resource_id, resource_name, namespace, owner_id,
         previous_state, new_state, reason, message, correlation_id, actor_id, to_timestamp(created_at / 1000.0),
         count, to_timestamp(created_at / 1000.0)
       from jsonb_to_recordset($1::text::jsonb) as x(type text, category text, severity text,
         resource_type text, resource_id text, resource_name text, namespace text, owner_id uuid,
         previous_state text, new_state text, reason text, message text, correlation_id text, actor_id uuid,
         created_at double precision, count integer, ord integer)
       order by ord
       returning id::float8 as id`,
      [
        json(
          records.map((e, ord) => ({
            ord,
            type: e.type,
            category: e.category,
            severity: e.severity,
            resource_type: e.resourceType,
            resource_id: e.resourceId,
            resource_name: e.resourceName,
            namespace: e.namespace,
            owner_id: e.ownerId,
            previous_state: e.previousState,
            new_state: e.newState,
            reason: e.reason,
            message: e.message,
            correlation_id: e.correlationId,
            actor_id: e.actorId,
            created_at: e.createdAt,
            count: e.count,
          })),
        ),
      ],
    )
    // Rows are inserted in `ord` order and take their ids from the identity in that order: the
    // ids, ascending, are those of the events as given.
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b)
    return records.map((r, i) => ({ id: ids[i]!, ...r }))
  },
  /** Adds repeats to stored events in place; returns the rows that still exist, updated. */
  async addRepeats(sql: Sql, repeats: readonly EventRepeat[]): Promise<EventRecord[]> {
    if (repeats.length === 0) return []
    const rows = await sql.query(
      `update events e set count = e.count + x.count, last_seen = greatest(coalesce(e.last_seen, e.created_at), to_timestamp(x.at / 1000.0)),
         correlation_id = coalesce(x.correlation_id, e.correlation_id), actor_id = coalesce(x.actor_id, e.actor_id)
       from jsonb_to_recordset($1::text::jsonb) as x(id bigint, count integer, at double precision, correlation_id text, actor_id uuid)
       where e.id = x.id
       returning e.id::float8 as id, e.type, e.category, e.severity, e.resource_type, e.resource_id, e.resource_name, e.namespace,
         e.owner_id, e.previous_state, e.new_state, e.reason, e.message, e.correlation_id, e.actor_id, e.created_at, e.count, e.last_seen`,
      [json(repeats.map((r) => ({ id: r.id, count: r.count, at: r.at, correlation_id: r.correlationId, actor_id: r.actorId })))],
    )
    return rows.map(toEvent).sort((a, b) => a.id - b.id)
  },
  /** Stored events by id (another server's, read back), oldest first. */
  async byIds(sql: Sql, ids: readonly number[]): Promise<EventRecord[]> {
    if (ids.length === 0) return []
    const rows = await sql.query(
      `select ${COLUMNS} from events where id in (select jsonb_array_elements_text($1::text::jsonb)::bigint) order by id`,
      [JSON.stringify(ids)],
    )
    return rows.map(toEvent)
  },
  async query(sql: Sql, q: EventQuery): Promise<EventRecord[]> {
    const where: string[] = []
    const params: unknown[] = []
    const add = (clause: string, value: unknown) => {
      params.push(value)
      where.push(clause.replace('?', `$${params.length}`))
    }
    if (q.category) add('category = ?', q.category)
    if (q.excludeCategory) add('category <> ?', q.excludeCategory)
    if (q.resourceType) add('resource_type = ?', q.resourceType)
    if (q.resourceId) add('resource_id = ?', q.resourceId)
    if (q.resourceName) add('resource_name = ?', q.resourceName)
    if (q.resourceRef) {
      params.push(q.resourceRef)
      where.push(`(resource_id = $${params.length} or resource_name = $${params.length})`)
    }
    if (q.severities?.length) add('severity in (select jsonb_array_elements_text(?::text::jsonb))', json(q.severities))
    if (q.type) add('type = ?', q.type)
    if (q.namespace) add('namespace = ?', q.namespace)
    if (q.since !== undefined) add('created_at >= ?', new Date(q.since))
    if (q.afterId !== undefined) add('id > ?', q.afterId)
    if (q.visibleTo) {
      params.push(q.visibleTo)
      where.push(`(owner_id = $${params.length} or actor_id = $${params.length})`)
    }
    params.push(q.limit)
    // Newest `limit` events (or the first `limit` from the start when paging forward), oldest first.
    const rows = await sql.query(
      `select * from (select ${COLUMNS}
       from events ${where.length ? `where ${where.join(' and ')}` : ''}
       order by id ${q.forward ? 'asc' : 'desc'} limit $${params.length}) e order by id`,
      params,
    )
    return rows.map(toEvent)
  },
  /**
   * Retention of ordinary events: at most `keep` of them, none last seen before `before`. Audit
   * events are never touched here (see pruneAudit): no amount of pod noise pushes them out.
   */
  async prune(sql: Sql, before: number, keep: number): Promise<void> {
    await sql.query(`delete from events where category <> 'audit' and coalesce(last_seen, created_at) < $1`, [new Date(before)])
    await sql.query(
      `delete from events where category <> 'audit'
         and id <= (select id from events where category <> 'audit' order by id desc offset $1 limit 1)`,
      [keep],
    )
  },
  /** Retention of audit events: at most `keep`, none last seen before `before`. */
  async pruneAudit(sql: Sql, before: number, keep: number): Promise<void> {
    await sql.query(`delete from events where category = 'audit' and coalesce(last_seen, created_at) < $1`, [new Date(before)])
    await sql.query(
      `delete from events where category = 'audit'
         and id <= (select id from events where category = 'audit' order by id desc offset $1 limit 1)`,
      [keep],
    )
  },
}
