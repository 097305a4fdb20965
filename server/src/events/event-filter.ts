/**
 * One filter for stored and live events: the REST query (`?category=&resource=&namespace=&severity=&type=&since=`)
 * becomes the store query for what is already written and a predicate for what the event bus
 * publishes next, so `GET /api/events` and `follow=true` select exactly the same events.
 */
import { canReadAudit } from '../auth/policy'
import type { Principal } from '../auth/principal'
import type { EventQuery } from '../store/events'
import type { EventRecord } from '../store/records'
import { canSeeEvent } from './event-view'

export interface EventFilterInput {
  category?: string | undefined
  /** `pod` (a resource type) or `pod/NAME` (one resource, by name or id). */
  resource?: string | undefined
  namespace?: string | undefined
  /** Comma-separated severities: `warning,error`. */
  severity?: string | undefined
  type?: string | undefined
  /** Epoch ms. */
  since?: number | undefined
}

export interface EventFilter {
  /** The store query, without limit and paging. */
  query: Omit<EventQuery, 'limit'>
  /** Whether a live event belongs in the result. */
  matches(e: EventRecord): boolean
}

/** Splits `pod/web` into type and name; a bare `pod` is a type. */
export function parseResource(resource: string): { type: string; ref?: string } {
  const slash = resource.indexOf('/')
  if (slash < 0) return { type: resource }
  return { type: resource.slice(0, slash), ref: resource.slice(slash + 1) }
}

export function eventFilter(principal: Principal, input: EventFilterInput): EventFilter {
  const resource = input.resource ? parseResource(input.resource) : undefined
  const severities = input.severity ? input.severity.split(',').filter(Boolean) : undefined
  const seesAll = principal.kind === 'user' && (principal.role === 'admin' || principal.role === 'viewer')
  const query: Omit<EventQuery, 'limit'> = {
    ...(input.category ? { category: input.category } : {}),
    ...(resource ? { resourceType: resource.type } : {}),
    ...(resource?.ref ? { resourceRef: resource.ref } : {}),
    ...(input.namespace ? { namespace: input.namespace } : {}),
    ...(severities?.length ? { severities } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.since !== undefined ? { since: input.since } : {}),
    ...(seesAll ? {} : { visibleTo: principal.id }),
    ...(canReadAudit(principal) ? {} : { excludeCategory: 'audit' }),
  }
  return {
    query,
    matches(e) {
      if (!canSeeEvent(principal, e)) return false
      if (input.category && e.category !== input.category) return false
      if (resource && e.resourceType !== resource.type) return false
      if (resource?.ref && e.resourceId !== resource.ref && e.resourceName !== resource.ref) return false
      if (input.namespace && e.namespace !== input.namespace) return false
      if (severities?.length && !severities.includes(e.severity)) return false
      if (input.type && e.type !== input.type) return false
      if (input.since !== undefined && e.createdAt < input.since) return false
      return true
    },
  }
}
