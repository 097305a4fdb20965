/**
 * What happens inside one write when a node goes away for good or on purpose: its runs end at once
 * (no eviction delay), so services and restart policies replace them; a deleted node's row goes,
 * and the pods that named it forget it (the database would do the same: `on delete set null`).
 */
import type { ClusterState } from '../state/cluster-state'
import type { Tx } from '../state/write-queue'
import type { NodeRecord } from '../store/records'
import { applyReport } from '../pods/pod-reports'
import { requeueLostInTx } from '../pods/restart-policy'

/**
 * Ends every run on a node: Scheduled and Running pods are Failed with `reason` and, when their
 * restart policy wants them run again, back to the scheduler in the same write (no back-off: the
 * loss is not theirs); Stopping pods count as Stopped. Returns how many ended.
 */
export function endRunsOnNode(tx: Tx, state: ClusterState, node: NodeRecord, reason: string, message: string): number {
  let ended = 0
  for (const pod of state.podsOnNode(node.id)) {
    const p = tx.pod(pod.id)
    if (!p || p.nodeId !== node.id) continue
    if (p.status === 'Stopping') applyReport(tx, p, { status: 'Stopped' }, () => {})
    else if (p.status === 'Scheduled' || p.status === 'Running')
      requeueLostInTx(
        tx,
        applyReport(tx, p, { status: 'Failed', reason, message }, () => {}),
        message,
      )
    else continue
    ended++
  }
  return ended
}

export interface Removal {
  /** Event reason: NodeDeleted (a user), GarbageCollected (offline too long), Left (the node asked). */
  reason: string
  message: string
  actorId?: string | null
  correlationId?: string | null
}

/** Deletes a node in `tx`: ends its runs, unlinks its pods, drops the row, records NodeDeleted. */
export function removeNodeInTx(tx: Tx, state: ClusterState, node: NodeRecord, r: Removal): number {
  const ended = endRunsOnNode(tx, state, node, 'NodeDeleted', `node ${node.name} was deleted`)
  for (const pod of state.podsOnNode(node.id)) {
    const p = tx.pod(pod.id)
    if (p && p.nodeId === node.id) tx.putPod({ ...p, nodeId: null, updatedAt: tx.now })
  }
  tx.deleteNode(node.id)
  tx.event({
    type: 'NodeDeleted',
    category: 'node',
    severity: 'info',
    resourceType: 'node',
    resourceId: node.id,
    resourceName: node.name,
    ownerId: node.ownerId,
    actorId: r.actorId ?? null,
    correlationId: r.correlationId ?? null,
    previousState: node.status,
    newState: null,
    reason: r.reason,
    message: r.message,
  })
  return ended
}
