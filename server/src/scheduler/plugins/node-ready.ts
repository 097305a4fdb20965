import { FIT, type SchedulerPlugin } from '../types'

export const NODE_NOT_READY = 'node(s) not ready'

/** Only Ready nodes (connected, heartbeating) take new pods. */
export const nodeReady = {
  name: 'NodeReady',
  filter: (_pod, info) => (info.node.status === 'Ready' ? FIT : { ok: false, reason: NODE_NOT_READY, unresolvable: true }),
} satisfies SchedulerPlugin
