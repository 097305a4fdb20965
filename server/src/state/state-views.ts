/**
 * Views derived from the cluster state, as `computed` values: each recomputes only when read after
 * something it read has changed (a view nobody reads costs nothing on the write path).
 * - `allocation(nodeId)`: the pods holding capacity on a node and what they request together
 *   (node views, the DaemonSet fit check, quiet heartbeats). Not a computed: kept per node as pods
 *   bind and end (node-allocations.ts), so a page of nodes reads it without deriving anything.
 * - `summary`: nodes and pods by status (`stark status`, the /metrics gauges).
 */
import { type ComputedRef, computed } from '@vue/reactivity'
import { type NodeRuntime, type NodeStatus, nodeStatuses, type PodStatus, podStatuses } from '@stark/shared'
import type { NodeRecord, PodRecord } from '../store/records'
import type { NodeAllocation, NodeAllocations } from './node-allocations'

export type { NodeAllocation }

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
  /** The pods holding capacity per node, kept by `apply()`. */
  allocations: Pick<NodeAllocations, 'allocation'>
}

export function createStateViews(src: ViewSources): StateViews {
  return {
    allocation: (nodeId) => src.allocations.allocation(nodeId),
    summary: computed(() => summarize(src.nodes.values(), src.pods.values())),
  }
}
