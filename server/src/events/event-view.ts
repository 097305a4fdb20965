import type { WatchEventView } from '@stark/shared'
import { canReadAudit } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { iso } from '../store/convert'
import type { EventRecord } from '../store/records'

/**
 * The public shape of an event (REST and WebSocket). Owner and actor ids stay inside. A repeated
 * event is one event: `count` occurrences, the first at `firstSeen` (= createdAt), the last at `lastSeen`.
 */
export function eventView(e: EventRecord): WatchEventView {
  return {
    id: e.id,
    type: e.type,
    category: e.category,
    severity: e.severity,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    resourceName: e.resourceName,
    namespace: e.namespace,
    previousState: e.previousState,
    newState: e.newState,
    reason: e.reason,
    message: e.message,
    correlationId: e.correlationId,
    createdAt: iso(e.createdAt)!,
    count: e.count,
    firstSeen: iso(e.createdAt)!,
    lastSeen: iso(e.lastSeen)!,
  }
}

/**
 * Admins see every event; viewers every event but audit events; users those about what they own,
 * and what they did to nothing anyone owns — never one about another user's resource because they
 * acted on it (the events policy in the database says the same) — audit events excepted.
 */
export function canSeeEvent(p: Principal, e: EventRecord): boolean {
  if (p.kind !== 'user') return false
  if (e.category === 'audit') return canReadAudit(p)
  if (p.role === 'admin' || p.role === 'viewer') return true
  return e.ownerId === p.id || (e.ownerId === null && e.actorId === p.id)
}

/** `*`, `<category>:*` or `<category>:<name>`; a category matches the event's category or resource type. */
export function matchesTopic(topic: string, e: EventRecord): boolean {
  if (topic === '*') return true
  const colon = topic.indexOf(':')
  const kind = topic.slice(0, colon)
  const name = topic.slice(colon + 1)
  if (e.category !== kind && e.resourceType !== kind) return false
  return name === '*' || e.resourceName === name || e.resourceId === name
}
