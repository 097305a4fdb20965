/**
 * Views derived from the cluster state, as `computed` values: each recomputes only when read after
 * something it read has changed (a view nobody reads costs nothing on the write path).
 * - `allocation(nodeId)`: the pods holding capacity on a node and what they request together
 *   (node views, the DaemonSet fit check). It reads the node's pod index and those pods only, so
 *   a change elsewhere in the cluster leaves it clean.
 * - `summary`: nodes and pods by status (`stark status`, the /metrics gauges).
 */
import { type ComputedRef, computed } from '@vue/reactivity'
import {
  addRequest,
  holdsCapacity,
  type NodeRuntime,
  type NodeStatus,
  nodeStatuses,
  type PodStatus,
  podStatuses,
  type Resources,
  ZERO,
} from '@stark/shared'
import type { NodeRecord, PodRecord } from '../store/records'

export interface NodeAllocation {
  /** Requests of the pods holding capacity on the node (`pods` counts them). */
  readonly allocated: Resources
  /** Those pods, by id. */
  readonly pods: ReadonlyMap<string, PodRecord>
}

export interface ClusterSummary {
  nodes: {
    total: number
    byStatus: Record<NodeStatus, number>
    byRuntime: Record<NodeRuntime, Record<NodeStatus, number>>
    /** Cordoned nodes. */
    unschedulable: number
  }
  pods: {
    total: number
    byStatus: Record<PodStatus, number>
    /** Pending pods the scheduler found no node for. */
    unschedulable: number
  }
}

export interface StateViews {
  allocation(nodeId: string): NodeAllocation
  readonly summary: ComputedRef<ClusterSummary>
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/** Counts nodes and pods by status (the computed summary, or a caller's visible subset). */
export function summarize(nodes: Iterable<NodeRecord>, pods: Iterable<PodRecord>): ClusterSummary {
  const s: ClusterSummary = {
    nodes: {
      total: 0,
      byStatus: zeros(nodeStatuses),
      byRuntime: { node: zeros(nodeStatuses), browser: zeros(nodeStatuses) },
      unschedulable: 0,
    },
    pods: { total: 0, byStatus: zeros(podStatuses), unschedulable: 0 },
  }
  for (const n of nodes) {
    s.nodes.total++
    s.nodes.byStatus[n.status]++
    s.nodes.byRuntime[n.runtime][n.status]++
    if (n.unschedulable) s.nodes.unschedulable++
  }
  for (const p of pods) {
    s.pods.total++
    s.pods.byStatus[p.status]++
    if (p.status === 'Pending' && p.reason === 'Unschedulable') s.pods.unschedulable++
  }
  return s
}

export interface ViewSources {
  nodes: ReadonlyMap<string, NodeRecord>
  pods: ReadonlyMap<string, PodRecord>
  /** The reactive index of the pods naming a node; `create` makes it for a node that has none yet. */
  podIdsOn(nodeId: string, create: boolean): ReadonlySet<string> | undefined
}

export function createStateViews(src: ViewSources): StateViews {
  const allocate = (nodeId: string, known: boolean): NodeAllocation => {
    let allocated: Resources = { ...ZERO }
    const pods = new Map<string, PodRecord>()
    for (const id of src.podIdsOn(nodeId, known) ?? []) {
      const p = src.pods.get(id)
      if (!p || p.nodeId !== nodeId || !holdsCapacity(p.status)) continue
      pods.set(id, p)
      allocated = addRequest(allocated, p.spec.resources)
    }
    return { allocated, pods }
  }
  const perNode = new Map<string, ComputedRef<NodeAllocation>>()
  return {
    allocation(nodeId) {
      if (!src.nodes.has(nodeId)) {
        perNode.delete(nodeId)
        return allocate(nodeId, false)
      }
      let view = perNode.get(nodeId)
      if (!view) perNode.set(nodeId, (view = computed(() => allocate(nodeId, true))))
      return view.value
    },
    summary: computed(() => summarize(src.nodes.values(), src.pods.values())),
  }
}
