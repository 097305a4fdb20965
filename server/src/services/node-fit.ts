/**
 * Where a DaemonSet belongs, decided by the scheduler's own filters (the same plugin list the
 * live scheduler runs): a node is eligible when every filter but capacity accepts the service's
 * pod; an eligible node without the pod is checked against what it runs now, and the first
 * rejection is the reason it cannot take the pod yet.
 *
 * Cordoning does not apply: as in Kubernetes, a DaemonSet's pod is per-node plumbing (a log
 * shipper, a cache) that stays on, and comes to, a cordoned node.
 */
import { addRequest, holdsCapacity, ZERO } from '@stark/shared'
import { runFilters } from '../scheduler/framework'
import { nodeUnschedulable } from '../scheduler/plugins/node-unschedulable'
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
  const subject = { pod, pack }
  plugins = plugins.filter((p) => p.plugin.name !== nodeUnschedulable.name)
  const out = new Map<string, PlanNode>()
  for (const node of state.nodes.values()) {
    const empty: NodeInfo = { node, allocated: { ...ZERO }, pods: new Map() }
    const r = runFilters(subject, empty, plugins)
    const eligible = r.ok || !r.unresolvable
    let unfit: string | undefined = r.ok ? undefined : r.reason
    if (eligible && !unfit && !served.has(node.id)) {
      const pods = new Map<string, PodRecord>()
      let allocated = { ...ZERO }
      for (const p of state.podsOnNode(node.id)) {
        if (!holdsCapacity(p.status) || p.nodeId !== node.id) continue
        pods.set(p.id, p)
        allocated = addRequest(allocated, p.spec.resources)
      }
      const real = runFilters(subject, { node, allocated, pods }, plugins)
      if (!real.ok) unfit = real.reason
    }
    out.set(node.id, { id: node.id, name: node.name, status: node.status, eligible, ...(eligible && unfit ? { unfit } : {}) })
  }
  return out
}
