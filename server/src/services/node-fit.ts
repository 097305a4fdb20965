/**
 * Where a DaemonSet belongs, decided by the scheduler's own filters (the same plugin list the
 * live scheduler runs): a node is eligible when every filter but capacity accepts the service's
 * pod; an eligible node without the pod is checked against what it runs now, and the first
 * rejection is the reason it cannot take the pod yet.
 *
 * Each node is judged for the pod as it would be pinned there (`spec.service.nodeId`), so the
 * filters' own rules for DaemonSet pods apply — a pinned pod passes a cordon, as in Kubernetes.
 */
import { ZERO } from '@stark/shared'
import { runFilters } from '../scheduler/framework'
import type { NodeInfo, WeightedPlugin } from '../scheduler/types'
import type { ClusterState } from '../state/cluster-state'
import type { PackRecord, PodRecord } from '../store/records'
import type { PlanNode } from './plan-types'

export function planNodes(
  state: ClusterState,
  plugins: readonly WeightedPlugin[],
  pod: PodRecord,
  pack: PackRecord,
  /** Nodes that already hold a live pod of this service (their capacity is not checked). */
  served: ReadonlySet<string>,
): Map<string, PlanNode> {
  const out = new Map<string, PlanNode>()
  for (const node of state.nodes.values()) {
    const pinned: PodRecord = { ...pod, spec: { ...pod.spec, service: { ...pod.spec.service!, nodeId: node.id } } }
    const subject = { pod: pinned, pack }
    const empty: NodeInfo = { node, allocated: { ...ZERO }, pods: new Map() }
    const r = runFilters(subject, empty, plugins)
    const eligible = r.ok || !r.unresolvable
    let unfit: string | undefined = r.ok ? undefined : r.reason
    if (eligible && !unfit && !served.has(node.id)) {
      const { allocated, pods } = state.views.allocation(node.id)
      const real = runFilters(subject, { node, allocated, pods: new Map(pods) }, plugins)
      if (!real.ok) unfit = real.reason
    }
    out.set(node.id, { id: node.id, name: node.name, status: node.status, eligible, ...(eligible && unfit ? { unfit } : {}) })
  }
  return out
}
