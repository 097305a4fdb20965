import { CORDON_TAINT, tolerates } from '@stark/shared'
import { FIT, type SchedulerPlugin } from '../types'

export const NODE_CORDONED = 'node(s) cordoned'

/**
 * A cordoned node (`stark node cordon`) keeps its pods but takes no new ones — except a pod that
 * tolerates its cordon taint `stark.io/unschedulable:NoSchedule` (Kubernetes'
 * node.kubernetes.io/unschedulable), and a DaemonSet's pod pinned to it (`spec.service.nodeId`):
 * as in Kubernetes, per-node plumbing stays on, and comes to, a cordoned node.
 */
export const nodeUnschedulable = {
  name: 'NodeUnschedulable',
  filter: (pod, info) =>
    !info.node.unschedulable ||
    pod.pod.spec.service?.nodeId === info.node.id ||
    pod.pod.spec.tolerations.some((t) => tolerates(t, CORDON_TAINT))
      ? FIT
      : { ok: false, reason: NODE_CORDONED, unresolvable: true },
} satisfies SchedulerPlugin
