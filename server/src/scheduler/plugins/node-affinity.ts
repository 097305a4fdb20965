import { matchesRequiredAffinity, preferredAffinityWeight } from '@stark/shared'
import { FIT, type SchedulerPlugin } from '../types'

export const AFFINITY_MISMATCH = "node(s) didn't match pod's node affinity"

/**
 * Node affinity: the node must match one of the pod's required terms (filter); each preferred
 * term it matches adds that term's weight (score, scaled so the best node gets 100).
 */
export const nodeAffinity = {
  name: 'NodeAffinity',
  preFilter: (pod) => (pod.pod.spec.affinity?.required?.length ?? 0) > 0,
  filter: (pod, info) =>
    matchesRequiredAffinity(info.node.labels, pod.pod.spec.affinity)
      ? FIT
      : { ok: false, reason: AFFINITY_MISMATCH, unresolvable: true },
  preScore: (pod) => (pod.pod.spec.affinity?.preferred?.length ?? 0) > 0,
  score: (pod, info) => preferredAffinityWeight(info.node.labels, pod.pod.spec.affinity),
  normalize: 'max',
} satisfies SchedulerPlugin
