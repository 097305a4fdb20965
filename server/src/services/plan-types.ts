/**
 * The service planner's vocabulary: its input (a service, its pods, the nodes), its answer (pods
 * to create, remove and keep, and what to record), and the counts both modes report. Pure.
 */
import type { NodeStatus } from '@stark/shared'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { availableAt, isAvailable, isLive, isUpdated, type ReadySince } from './plan-pods'
import type { ServiceVersion } from './service-template'

/** A node as the DaemonSet planner needs it (computed from the scheduler's own filters). */
export interface PlanNode {
  id: string
  name: string
  status: NodeStatus
  /** Passes every filter but capacity: the service belongs on it. */
  eligible: boolean
  /** Set when a new pod would not fit there now (the scheduler's reason). */
  unfit?: string | undefined
}

export interface PlanInput {
  service: ServiceRecord
  /** Every pod of the service, including deleted ones still stopping. */
  pods: readonly PodRecord[]
  /** Every node, by id (DaemonSet mode; replica mode ignores it). */
  nodes: ReadonlyMap<string, PlanNode>
  now: number
  readySince: ReadySince
  /** Failures of the new version in a row during the current rollout. */
  rolloutFailures?: { count: number; last?: string | undefined } | undefined
  /** With follow-latest: a newer registered version of the pack (id), if there is one. */
  newerPackId?: string | undefined
}

export type RemoveReason = 'ScaleDown' | 'Rollout' | 'Duplicate' | 'NodeGone' | 'NodeNotEligible' | 'Unbound' | 'WrongNode'

export interface PodRemoval {
  pod: PodRecord
  reason: RemoveReason
}

export interface PodCreation {
  /** DaemonSet mode: the node the pod is bound to at once. */
  nodeId?: string
  reason: 'ScaleUp' | 'Rollout' | 'NodeAdded'
}

export interface ServiceCounts {
  /** Pods wanted: replicas, or the nodes a DaemonSet belongs on. */
  desired: number
  /** Live pods (not being deleted). */
  current: number
  ready: number
  /** Live pods made from the current revision (pack version and template). */
  updated: number
  /** Ready for at least minReadySeconds. */
  available: number
}

export interface ServicePlan {
  create: PodCreation[]
  remove: PodRemoval[]
  keep: PodRecord[]
  counts: ServiceCounts
  /** DaemonSet nodes the pod cannot fit on now, with the reason. */
  unschedulable: { nodeId: string; node: string; reason: string }[]
  /** Move the service to another revision first (nothing else is done in this pass). */
  retarget?: { to: ServiceVersion; why: 'FollowLatest' | 'Rollback'; message: string } | undefined
  /** The new version failed too often and there is nothing to roll back to (reported once). */
  rolloutFailed?: { message: string } | undefined
  /** Every pod is up to date and available: the current version is healthy. */
  complete: boolean
  /** When a pod becomes available (look again then). */
  wakeAt?: number | undefined
}

export const emptyPlan = (counts: ServiceCounts): ServicePlan => ({
  create: [],
  remove: [],
  keep: [],
  counts,
  unschedulable: [],
  complete: false,
})

export function countPods(input: PlanInput, desired: number): ServiceCounts {
  const { service, now, readySince } = input
  const live = input.pods.filter(isLive)
  return {
    desired,
    current: live.length,
    ready: live.filter((p) => readySince(p) !== null).length,
    updated: live.filter((p) => isUpdated(p, service)).length,
    available: live.filter((p) => isAvailable(p, service, readySince, now)).length,
  }
}

/** The earliest time a ready pod that is not available yet will be. */
export function nextAvailability(input: PlanInput): number | undefined {
  let at: number | undefined
  for (const p of input.pods) {
    if (!isLive(p)) continue
    const a = availableAt(p, input.service, input.readySince)
    if (a !== null && a > input.now) at = Math.min(at ?? Infinity, a)
  }
  return at
}
