/** How events look: a table of the latest, and one line per event when following. */
import { formatAge, type Column, type Tone } from '../lib/output'
import type { StarkEvent } from './types'

export const eventTone = (e: Pick<StarkEvent, 'severity'>): Tone | undefined => (e.severity === 'error' ? 'bad' : e.severity === 'warning' ? 'warn' : undefined)

/** `pod/hello-x7k2p`, `node/n1`, or the category when the event is about no one resource. */
export const eventObject = (e: StarkEvent) => (e.resourceType ? `${e.resourceType}/${e.resourceName ?? e.resourceId ?? '?'}` : e.category)

/** The message, else the transition, else the reason. */
export function eventMessage(e: StarkEvent): string {
  if (e.message) return e.message
  if (e.previousState || e.newState) return `${e.previousState ?? '-'} → ${e.newState ?? '-'}`
  return e.reason ?? ''
}

export const eventColumns: Column<StarkEvent>[] = [
  { header: 'AGE', value: (e, now) => formatAge(e.createdAt, now) },
  { header: 'SEVERITY', value: (e) => e.severity, tone: eventTone },
  { header: 'TYPE', value: (e) => e.type },
  { header: 'OBJECT', value: eventObject },
  { header: 'NAMESPACE', value: (e) => e.namespace ?? '' },
  { header: 'MESSAGE', value: eventMessage },
]

/** One followed event as a line: time, severity, type, object, namespace, message. */
export function eventLine(e: StarkEvent, format: 'table' | 'plain'): string[] {
  const time = format === 'table' ? e.createdAt.slice(11, 19) : e.createdAt
  return [time, e.severity, e.type, eventObject(e), e.namespace ?? '', eventMessage(e)]
}
