/**
 * A new pod as it is first written: Pending, on no node, incarnation 0, no restarts, nothing
 * started or finished. Every place that creates a pod (the pod command, services, tests, the
 * benchmark) builds it here, so a new field of the record gets its starting value once.
 */
import type { Labels } from '@stark/shared'
import type { PodRecord, PodSpec } from '../store/records'

export interface NewPod {
  id: string
  name: string
  namespace: string
  ownerId: string
  packId: string
  spec: PodSpec
  priority?: number
  labels?: Labels
}

/** The pending pod record for `pod`, created at `now`. */
export function newPendingPod(pod: NewPod, now: number): PodRecord {
  return {
    ...pod,
    priority: pod.priority ?? 0,
    labels: pod.labels ?? {},
    status: 'Pending',
    reason: null,
    message: null,
    nodeId: null,
    incarnation: 0,
    restarts: 0,
    exitCode: null,
    createdAt: now,
    updatedAt: now,
    scheduledAt: null,
    startedAt: null,
    finishedAt: null,
    deletedAt: null,
  }
}
