/** How events look: a table of the latest, and one line per event when following. */
import { formatAge, type Column, type Tone } from '../lib/output'
import type { StarkEvent } from './types'

export const eventTone = (e: Pick<StarkEvent, 'severity'>): Tone | undefined =>
  e.severity === 'error' ? 'bad' : e.severity === 'warning' ? 'warn' : undefined

/** `pod/hello-x7k2p`, `node/n1`, or the category when the event is about no one resource. */
export const eventObject = (e: StarkEvent) =>
  e.resourceType ? `${e.resourceType}/${e.resourceName ?? e.resourceId ?? '?'}` : e.category

/** The message, else the transition, else the reason. */
export function eventMessage(e: StarkEvent): string {
  if (e.message) return e.message
  if (e.previousState || e.newState) return `${e.previousState ?? '-'} → ${e.newState ?? '-'}`
  return e.reason ?? ''
}

/** How often it happened: `1`, or `52 (first 3h)` for a repeated event. */
export function eventCount(e: StarkEvent, now: number): string {
  const count = e.count ?? 1
  return count > 1 ? `${count} (first ${formatAge(e.firstSeen ?? e.createdAt, now)})` : String(count)
}

/** AGE is the time since the event last happened (a repeated event is one row with a count). */
export const eventColumns: Column<StarkEvent>[] = [
  { header: 'AGE', value: (e, now) => formatAge(e.lastSeen ?? e.createdAt, now) },
  { header: 'SEVERITY', value: (e) => e.severity, tone: eventTone },
  { header: 'TYPE', value: (e) => e.type },
  { header: 'OBJECT', value: eventObject },
  { header: 'NAMESPACE', value: (e) => e.namespace ?? '' },
  { header: 'COUNT', value: eventCount },
  { header: 'MESSAGE', value: eventMessage },
]

/** One followed event as a line: time, severity, type, object, namespace, message (with `(×N)` when repeated). */
export function eventLine(e: StarkEvent, format: 'table' | 'plain'): string[] {
  const at = e.lastSeen ?? e.createdAt
  const time = format === 'table' ? at.slice(11, 19) : at
  const count = (e.count ?? 1) > 1 ? ` (×${e.count})` : ''
  return [time, e.severity, e.type, eventObject(e), e.namespace ?? '', `${eventMessage(e)}${count}`]
}
