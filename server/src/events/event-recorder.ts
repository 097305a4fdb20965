/**
 * How events reach the store (the write path calls `record` inside its transaction):
 *
 * - Cleaned: text fields pass through `safeText` (no NUL, lone surrogate or terminal escape from
 *   a pack's error message is stored) and are cut to the lengths the protocol carries.
 * - Classified: audit events (see audit.ts) get the `audit` category.
 * - Aggregated, as Kubernetes' event correlator does: an event equal to one recorded within the
 *   window (same object, type, reason, severity, states and message) is not a new row; the stored
 *   row's `count` grows and its `last_seen` moves, and the updated row is published as a change.
 * - Rate-limited: each source (the object an event is about, else its category and type) has a
 *   token bucket for NEW rows. Past it, events are folded into one `EventsThrottled` row for that
 *   source, which counts them. Audit events are never throttled.
 *
 * The memory of recent rows and buckets is bounded; after a restart (or on another server) a
 * repeat starts a new row. Emitters see none of this: they keep calling `tx.event(...)`.
 */
import { safeText } from '@stark/shared'
import type { Sql } from '../db/sql'
import { eventsRepo, type EventRepeat, type NewEvent } from '../store/events'
import type { EventRecord } from '../store/records'
import { isAuditEvent } from './audit'

export interface EventRecorderOptions {
  /** A repeat within this long of the last occurrence joins its row (ms). */
  windowMs: number
  /** New rows a source may write at once… */
  burst: number
  /** …and one more each this many ms. */
  refillMs: number
  /** Rows and sources remembered (oldest forgotten first). */
  maxKeys: number
}

export const DEFAULT_EVENT_RECORDER: EventRecorderOptions = {
  windowMs: 10 * 60_000,
  burst: 25,
  refillMs: 10_000,
  maxKeys: 20_000,
}

export interface EventRecorderHooks {
  /** Events that did not become rows of their own. */
  onFolded?(outcome: 'aggregated' | 'throttled', count: number): void
}

const LIMITS = {
  type: 128,
  reason: 256,
  message: 4096,
  resourceName: 300,
  resourceId: 128,
  resourceType: 64,
  state: 64,
  correlationId: 128,
}

const cut = (text: string | null | undefined, max: number): string | null | undefined =>
  text === null || text === undefined ? text : safeText(text.length > max ? text.slice(0, max) : text)

function clean(e: NewEvent): NewEvent {
  const out: NewEvent = {
    ...e,
    type: cut(e.type, LIMITS.type)!,
    category: isAuditEvent(e) ? 'audit' : e.category,
  }
  if (e.resourceType !== undefined) out.resourceType = cut(e.resourceType, LIMITS.resourceType)!
  if (e.resourceId !== undefined) out.resourceId = cut(e.resourceId, LIMITS.resourceId)!
  if (e.resourceName !== undefined) out.resourceName = cut(e.resourceName, LIMITS.resourceName)!
  if (e.previousState !== undefined) out.previousState = cut(e.previousState, LIMITS.state)
  if (e.newState !== undefined) out.newState = cut(e.newState, LIMITS.state)
  if (e.reason !== undefined) out.reason = cut(e.reason, LIMITS.reason)
  if (e.message !== undefined) out.message = cut(e.message, LIMITS.message)
  if (e.correlationId !== undefined) out.correlationId = cut(e.correlationId, LIMITS.correlationId)
  return out
}

/** What makes two events "the same" (Kubernetes: source, object, type, reason, message). */
const keyOf = (e: NewEvent) =>
  JSON.stringify([
    e.category,
    e.resourceType,
    e.resourceId,
    e.resourceName,
    e.namespace,
    e.ownerId,
    e.type,
    e.severity ?? 'info',
    e.reason,
    e.previousState,
    e.newState,
    e.message,
  ])

/** Whose bucket pays for a new row. */
const sourceOf = (e: NewEvent) =>
  e.resourceType ? `${e.resourceType}/${e.resourceId ?? e.resourceName ?? ''}` : `${e.category}:${e.type}`

function throttledEvent(e: NewEvent): NewEvent {
  return {
    type: 'EventsThrottled',
    category: e.category,
    severity: 'warning',
    ...(e.resourceType !== undefined ? { resourceType: e.resourceType } : {}),
    ...(e.resourceId !== undefined ? { resourceId: e.resourceId } : {}),
    ...(e.resourceName !== undefined ? { resourceName: e.resourceName } : {}),
    namespace: e.namespace ?? null,
    ownerId: e.ownerId ?? null,
    reason: 'RateLimited',
    message: 'more events than the per-source rate limit allows; their count is this event’s count',
    createdAt: e.createdAt,
  }
}

/** Drops the oldest entries of a Map (insertion order) until it holds `max`. */
function bound<K, V>(map: Map<K, V>, max: number) {
  if (map.size <= max) return
  let extra = map.size - max
  for (const k of map.keys()) {
    if (extra-- <= 0) break
    map.delete(k)
  }
}

export function createEventRecorder(options: EventRecorderOptions = DEFAULT_EVENT_RECORDER, hooks: EventRecorderHooks = {}) {
  /** Rows recently written or repeated: key → id and last occurrence (most recent last). */
  const recent = new Map<string, { id: number; lastSeen: number }>()
  const buckets = new Map<string, { tokens: number; at: number }>()

  function take(source: string, now: number): boolean {
    const b = buckets.get(source) ?? { tokens: options.burst, at: now }
    b.tokens = Math.min(options.burst, b.tokens + Math.max(0, now - b.at) / options.refillMs)
    b.at = now
    buckets.delete(source)
    buckets.set(source, b)
    bound(buckets, options.maxKeys)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  function remember(key: string, id: number, lastSeen: number) {
    recent.delete(key)
    recent.set(key, { id, lastSeen })
    bound(recent, options.maxKeys)
  }

  return {
    /** Writes `events` (one batch of the write path) and returns the rows written or updated, to publish. */
    async record(sql: Sql, events: readonly NewEvent[]): Promise<EventRecord[]> {
      if (events.length === 0) return []
      // Equal events of one batch are one candidate with a count.
      const groups = new Map<string, { event: NewEvent; count: number }>()
      for (const raw of events) {
        const e = clean(raw)
        const key = keyOf(e)
        const g = groups.get(key)
        if (g) {
          g.count += raw.count ?? 1
          g.event = { ...e, createdAt: Math.min(g.event.createdAt, e.createdAt) }
        } else groups.set(key, { event: e, count: raw.count ?? 1 })
      }
      const repeats: (EventRepeat & { key: string; event: NewEvent })[] = []
      const fresh = new Map<string, { event: NewEvent; count: number }>()
      let throttled = 0
      for (const [key, g] of groups) {
        const at = g.event.createdAt
        const seen = recent.get(key)
        if (seen && at - seen.lastSeen <= options.windowMs) {
          repeats.push({
            key,
            event: g.event,
            id: seen.id,
            count: g.count,
            at,
            correlationId: g.event.correlationId ?? null,
            actorId: g.event.actorId ?? null,
          })
          continue
        }
        if (g.event.category === 'audit' || take(sourceOf(g.event), at)) {
          fresh.set(key, g)
          continue
        }
        // Over the source's rate: counted in the source's EventsThrottled row.
        throttled += g.count
        const t = throttledEvent(g.event)
        const tKey = keyOf(t)
        const tSeen = recent.get(tKey)
        if (tSeen && at - tSeen.lastSeen <= options.windowMs) {
          const r = repeats.find((x) => x.key === tKey)
          if (r) r.count += g.count
          else repeats.push({ key: tKey, event: t, id: tSeen.id, count: g.count, at, correlationId: null, actorId: null })
        } else {
          const f = fresh.get(tKey)
          if (f) f.count += g.count
          else fresh.set(tKey, { event: t, count: g.count })
        }
      }
      const updated = await eventsRepo.addRepeats(sql, repeats)
      const updatedIds = new Set(updated.map((e) => e.id))
      // A row pruned since it was last seen: the repeat starts a new one.
      for (const r of repeats)
        if (!updatedIds.has(r.id)) fresh.set(r.key, { event: { ...r.event, createdAt: r.at }, count: r.count })
      const entries = [...fresh.entries()]
      const inserted = await eventsRepo.insertMany(
        sql,
        entries.map(([, g]) => ({ ...g.event, count: g.count })),
      )
      for (const [i, row] of inserted.entries()) remember(entries[i]![0], row.id, row.lastSeen)
      for (const r of repeats) if (updatedIds.has(r.id)) remember(r.key, r.id, r.at)
      const newRows = inserted.filter((e) => !(e.type === 'EventsThrottled' && e.reason === 'RateLimited')).length
      const aggregated = events.length - throttled - newRows
      if (aggregated > 0) hooks.onFolded?.('aggregated', aggregated)
      if (throttled > 0) hooks.onFolded?.('throttled', throttled)
      return [...updated, ...inserted]
    },
    /** Rows and sources currently remembered (bounded by maxKeys each). */
    get size() {
      return { rows: recent.size, sources: buckets.size }
    },
  }
}
export type EventRecorder = ReturnType<typeof createEventRecorder>
