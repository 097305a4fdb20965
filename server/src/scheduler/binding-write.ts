/**
 * What binding one pod writes, wherever it was decided (the scheduling loop's batch, or a pod
 * placed at its creation): the Scheduled record with its next incarnation, its history row, the
 * PodScheduled event, and — after the commit — the send of the run to its node.
 */
import type { Tx } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { bindPod } from '../pods/transitions'

export function writeBinding(
  tx: Tx,
  current: PodRecord,
  node: NodeRecord,
  preempted: readonly string[],
  onBound: (pod: PodRecord) => void,
): PodRecord {
  const next = bindPod(current, node.id, tx.now)
  tx.putPod(next)
  tx.history({ podId: next.id, incarnation: next.incarnation, status: next.status, reason: null, message: null, nodeId: node.id })
  tx.event({
    type: 'PodScheduled',
    category: 'scheduler',
    resourceType: 'pod',
    resourceId: next.id,
    resourceName: next.name,
    namespace: next.namespace,
    ownerId: next.ownerId,
    previousState: 'Pending',
    newState: 'Scheduled',
    reason: preempted.length > 0 ? 'Preempting' : 'Scheduled',
    message: `assigned to node ${node.name}${preempted.length > 0 ? `, preempting ${preempted.join(', ')}` : ''}`,
  })
  tx.after(() => onBound(next))
  return next
}
