import type { Tx } from '../state/write-queue'
import type { EventCategory, PodRecord } from '../store/records'
import { markFinished, requeue } from './transitions'

export interface Eviction {
  reason: string
  message: string
  /** The event recorded for it, e.g. PodEvicted or PodPreempted. */
  eventType: string
  category: EventCategory
}

/**
 * Sends a bound pod back to Pending (the scheduler places it again) with its history and event;
 * `onEvicted` runs after the commit (its node is told to stop the old run).
 */
export function evictToPending(
  tx: Tx,
  current: PodRecord,
  e: Eviction,
  onEvicted?: (pod: PodRecord, reason: string) => void,
): PodRecord {
  const next = requeue(current, e.reason, e.message, tx.now)
  tx.putPod(next)
  tx.history({
    podId: next.id,
    incarnation: next.incarnation,
    status: next.status,
    reason: e.reason,
    message: e.message,
    nodeId: null,
  })
  tx.event({
    type: e.eventType,
    category: e.category,
    severity: 'warning',
    resourceType: 'pod',
    resourceId: next.id,
    resourceName: next.name,
    namespace: next.namespace,
    ownerId: next.ownerId,
    previousState: current.status,
    newState: 'Pending',
    reason: e.reason,
    message: e.message,
  })
  if (onEvicted) tx.after(() => onEvicted(current, e.reason))
  return next
}

/**
 * Ends a bound pod's run as Kubernetes ends a pod evicted by a NoExecute taint: `Failed` with
 * reason `Evicted`, with its history and event; `onEvicted` runs after the commit (its node is told
 * to stop the run). A service brings its pod back through the scheduler; a bare pod stays Failed.
 */
export function evictToFailed(
  tx: Tx,
  current: PodRecord,
  message: string,
  onEvicted?: (pod: PodRecord, reason: string) => void,
): PodRecord {
  const next = markFinished(current, { status: 'Failed', reason: 'Evicted', message }, tx.now)
  tx.putPod(next)
  tx.history({
    podId: next.id,
    incarnation: next.incarnation,
    status: next.status,
    reason: 'Evicted',
    message,
    nodeId: next.nodeId,
  })
  tx.event({
    type: 'PodEvicted',
    category: next.spec.service ? 'service' : 'pod',
    severity: 'warning',
    resourceType: 'pod',
    resourceId: next.id,
    resourceName: next.name,
    namespace: next.namespace,
    ownerId: next.ownerId,
    previousState: current.status,
    newState: 'Failed',
    reason: 'Evicted',
    message,
  })
  if (onEvicted) tx.after(() => onEvicted(current, 'Evicted'))
  return next
}
