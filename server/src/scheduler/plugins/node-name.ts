import { FIT, type SchedulerPlugin } from '../types'

export const NODE_NAME_MISMATCH = "node(s) didn't match the pod's own node"

/**
 * A pod pinned to one node — a DaemonSet's pod (`spec.service.nodeId`) — fits that node only,
 * so a pinned pod that went back to Pending (preempted, evicted) never lands elsewhere.
 */
export const nodeName = {
  name: 'NodeName',
  preFilter: (pod) => pod.pod.spec.service?.nodeId !== undefined,
  filter: (pod, info) => {
    const target = pod.pod.spec.service?.nodeId
    return target === undefined || target === info.node.id ? FIT : { ok: false, reason: NODE_NAME_MISMATCH, unresolvable: true }
  },
} satisfies SchedulerPlugin
