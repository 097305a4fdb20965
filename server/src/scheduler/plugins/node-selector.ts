import { matchesSelector } from '@stark/shared'
import { FIT, type SchedulerPlugin } from '../types'

export const SELECTOR_MISMATCH = "node(s) didn't match pod's node selector"

/** `--selector k=v`: the node must carry every label of the pod's selector, with that value. */
export const nodeSelector = {
  name: 'NodeSelector',
  preFilter: (pod) => Object.keys(pod.pod.spec.selector).length > 0,
  filter: (pod, info) =>
    matchesSelector(info.node.labels, pod.pod.spec.selector) ? FIT : { ok: false, reason: SELECTOR_MISMATCH, unresolvable: true },
} satisfies SchedulerPlugin
