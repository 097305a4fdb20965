import { FIT, type SchedulerPlugin } from '../types'

export const NODE_CORDONED = 'node(s) cordoned'

/** A cordoned node (`stark node cordon`) keeps its pods but takes no new ones. */
export const nodeUnschedulable = {
  name: 'NodeUnschedulable',
  filter: (_pod, info) => (info.node.unschedulable ? { ok: false, reason: NODE_CORDONED, unresolvable: true } : FIT),
} satisfies SchedulerPlugin
