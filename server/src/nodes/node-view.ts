import { holdsCapacity, ZERO, addRequest, type Resources } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { iso } from '../store/convert'
import type { NodeRecord } from '../store/records'

/** Requests of the pods holding capacity on a node. */
export function allocatedOn(state: ClusterState, nodeId: string): Resources {
  let total: Resources = { ...ZERO }
  for (const p of state.podsOnNode(nodeId)) if (holdsCapacity(p.status)) total = addRequest(total, p.spec.resources)
  return total
}

/** The REST/CLI shape of a node (see DESIGN.md §3). */
export function nodeView(n: NodeRecord, state: ClusterState, lastSeen?: number, used?: Resources | null) {
  return {
    id: n.id,
    name: n.name,
    runtime: n.runtime,
    status: n.status,
    reason: n.statusReason ?? null,
    labels: n.labels,
    taints: n.taints,
    unschedulable: n.unschedulable,
    trusted: n.trusted,
    allocatable: n.allocatable,
    allocated: allocatedOn(state, n.id),
    used: used ?? null,
    ownerId: n.ownerId,
    agentVersion: n.agentVersion,
    conditions: n.conditions ?? [],
    podNetwork: n.podNetwork ?? null,
    lastHeartbeatAt: iso(lastSeen ?? n.lastHeartbeatAt),
    connectedAt: iso(n.connectedAt),
    createdAt: iso(n.createdAt)!,
  }
}
export type NodeView = ReturnType<typeof nodeView>
