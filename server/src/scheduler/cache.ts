/**
 * The scheduler's snapshot, kept up to date incrementally from state changes (never rebuilt per
 * pod). Pods the scheduler has chosen a node for but not yet bound are "assumed" here, so the
 * next decision in the same cycle already sees the capacity they take.
 */
import { addRequest, holdsCapacity, subtractRequest, ZERO } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { NodeRecord, PodRecord } from '../store/records'
import type { NodeInfo, Snapshot } from './types'

export function createSchedulerCache(state: ClusterState) {
  const infos = new Map<string, NodeInfo>()
  const placement = new Map<string, string>() // podId → nodeId
  let ordered: NodeInfo[] | undefined

  function upsertNode(node: NodeRecord) {
    const info = infos.get(node.id)
    if (info) info.node = node
    else {
      infos.set(node.id, { node, allocated: { ...ZERO }, pods: new Map() })
      ordered = undefined
    }
  }
  function removeNode(id: string) {
    if (infos.delete(id)) ordered = undefined
  }
  function place(pod: PodRecord, nodeId: string) {
    const current = placement.get(pod.id)
    if (current === nodeId) {
      infos.get(nodeId)?.pods.set(pod.id, pod)
      return
    }
    if (current) unplace(pod.id)
    const info = infos.get(nodeId)
    if (!info) return
    info.pods.set(pod.id, pod)
    info.allocated = addRequest(info.allocated, pod.spec.resources)
    placement.set(pod.id, nodeId)
  }
  function unplace(podId: string) {
    const nodeId = placement.get(podId)
    if (!nodeId) return
    placement.delete(podId)
    const info = infos.get(nodeId)
    const pod = info?.pods.get(podId)
    if (info && pod) {
      info.pods.delete(podId)
      info.allocated = subtractRequest(info.allocated, pod.spec.resources)
    }
  }
  function onPod(pod: PodRecord) {
    if (holdsCapacity(pod.status) && pod.nodeId) place(pod, pod.nodeId)
    else unplace(pod.id)
  }

  for (const n of state.nodes.values()) upsertNode(n)
  for (const p of state.pods.values()) onPod(p)
  const unwatch = watchChanges(state.changes, {
    node: (prev, next) => (next ? upsertNode(next) : prev && removeNode(prev.id)),
    pod: (prev, next) => (next ? onPod(next) : prev && unplace(prev.id)),
  })

  const snapshot: Snapshot = {
    get nodes() {
      return (ordered ??= [...infos.values()].sort((a, b) => (a.node.name < b.node.name ? -1 : 1)))
    },
    get: (id) => infos.get(id),
  }

  return {
    snapshot,
    /** Reserves capacity for a pod about to be bound to `nodeId`. */
    assume(pod: PodRecord, nodeId: string) {
      place({ ...pod, status: 'Scheduled', nodeId }, nodeId)
    },
    /** Takes a pod about to be evicted (preemption) off its node. */
    evict(podId: string) {
      unplace(podId)
    },
    /** Releases an assumption (or eviction) whose write did not happen: back to what the state says. */
    forget(podId: string) {
      const pod = state.pods.get(podId)
      if (pod && holdsCapacity(pod.status) && pod.nodeId) place(pod, pod.nodeId)
      else unplace(podId)
    },
    close() {
      unwatch()
    },
  }
}
export type SchedulerCache = ReturnType<typeof createSchedulerCache>
