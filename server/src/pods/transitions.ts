/**
 * Pod state transitions as pure functions: each returns the next record. The write path persists
 * whatever these return; nothing else edits a pod's status.
 */
import type { PodRecord } from '../store/records'

export function bindPod(p: PodRecord, nodeId: string, now: number): PodRecord {
  return {
    ...p,
    status: 'Scheduled',
    nodeId,
    incarnation: p.incarnation + 1,
    reason: null,
    message: null,
    exitCode: null,
    scheduledAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  }
}

export function markUnschedulable(p: PodRecord, message: string, now: number): PodRecord {
  return { ...p, reason: 'Unschedulable', message, updatedAt: now }
}

export function markRunning(p: PodRecord, now: number): PodRecord {
  return { ...p, status: 'Running', reason: null, message: null, startedAt: now, updatedAt: now }
}

export function markFinished(
  p: PodRecord,
  outcome: {
    status: 'Succeeded' | 'Failed' | 'Stopped'
    reason?: string | null
    message?: string | null
    exitCode?: number | null
  },
  now: number,
): PodRecord {
  return {
    ...p,
    status: outcome.status,
    reason: outcome.reason ?? (outcome.status === 'Succeeded' ? 'Completed' : outcome.status === 'Stopped' ? 'Stopped' : 'Error'),
    message: outcome.message ?? null,
    exitCode: outcome.exitCode ?? null,
    finishedAt: now,
    updatedAt: now,
  }
}

/** Asks a pod to stop: Pending ends at once; bound pods go Stopping until their node confirms. */
export function requestStop(p: PodRecord, reason: string, now: number, deleted: boolean): PodRecord {
  const deletedAt = deleted ? (p.deletedAt ?? now) : p.deletedAt
  if (p.status === 'Pending')
    return { ...p, status: 'Stopped', reason, message: null, finishedAt: now, updatedAt: now, deletedAt }
  if (p.status === 'Scheduled' || p.status === 'Running') return { ...p, status: 'Stopping', reason, updatedAt: now, deletedAt }
  return { ...p, deletedAt, updatedAt: now }
}

/** Puts a pod back in the queue (evicted, preempted, or its node was lost). */
export function requeue(p: PodRecord, reason: string, message: string, now: number): PodRecord {
  return { ...p, status: 'Pending', nodeId: null, reason, message, scheduledAt: null, startedAt: null, updatedAt: now }
}
