import type { Resources } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { iso } from '../store/convert'
import type { NodeRecord } from '../store/records'

/** Requests of the pods holding capacity on a node (the state's computed allocation view). */
export function allocatedOn(state: ClusterState, nodeId: string): Resources {
  return state.views.allocation(nodeId).allocated
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
