import { tolerates, type Taint, type Toleration } from '@stark/shared'
import { FIT, type FilterResult, type NodeInfo, type PodToSchedule, type SchedulerPlugin } from '../types'

/** The reason names the taint, so the diagnosis says which one: `untolerated taint {gpu: true}`. */
export const untoleratedTaint = (t: Taint) => `untolerated taint {${t.key}${t.value !== undefined && t.value !== '' ? `: ${t.value}` : ''}}`

const tolerated = (t: Taint, tolerations: readonly Toleration[]) => {
  for (const tol of tolerations) if (tolerates(tol, t)) return true
  return false
}

/** NoSchedule and NoExecute taints block a pod that does not tolerate them. */
export function taintFilter(pod: PodToSchedule, info: NodeInfo): FilterResult {
  const taints = info.node.taints
  if (taints.length === 0) return FIT
  const tolerations = pod.pod.spec.tolerations
  for (const t of taints) {
    if (t.effect === 'PreferNoSchedule') continue
    if (!tolerated(t, tolerations)) return { ok: false, reason: untoleratedTaint(t), unresolvable: true }
  }
  return FIT
}

/** PreferNoSchedule taints the pod does not tolerate, counted (fewer is better). */
export function preferNoScheduleCount(pod: PodToSchedule, info: NodeInfo): number {
  let count = 0
  for (const t of info.node.taints) if (t.effect === 'PreferNoSchedule' && !tolerated(t, pod.pod.spec.tolerations)) count++
  return count
}

/**
 * Taints and tolerations: NoSchedule/NoExecute filter, PreferNoSchedule only penalises (the
 * count of untolerated ones, scored in reverse: the node with none scores 100).
 */
export const taintToleration = {
  name: 'TaintToleration',
  filter: taintFilter,
  score: preferNoScheduleCount,
  normalize: 'reverse',
} satisfies SchedulerPlugin
