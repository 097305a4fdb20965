import { noExecuteWindowMs, tolerates, type Taint, type Toleration } from '@stark/shared'
import { tolerationClockKey } from '../toleration-clock-key'
import { FIT, type FilterResult, type NodeInfo, type PodToSchedule, type SchedulerPlugin } from '../types'

/** The reason names the taint, so the diagnosis says which one: `untolerated taint {gpu: true}`. */
export const untoleratedTaint = (t: Taint) =>
  `untolerated taint {${t.key}${t.value !== undefined && t.value !== '' ? `: ${t.value}` : ''}}`

const tolerated = (t: Taint, tolerations: readonly Toleration[]) => {
  for (const tol of tolerations) if (tolerates(tol, t)) return true
  return false
}

/** A NoExecute taint tolerated for no time at all, or for a time the pod has used up on this node. */
export const usedUpToleration = (t: Taint) =>
  `NoExecute taint {${t.key}${t.value !== undefined && t.value !== '' ? `: ${t.value}` : ''}} tolerated for no time left`

/**
 * NoSchedule and NoExecute taints block a pod that does not tolerate them. A NoExecute taint
 * tolerated with `tolerationSeconds: 0`, or for a time already used up on this node (its clock
 * started when the pod was first there under the taint), blocks it as well: placing it there
 * would only evict it again.
 */
export function taintFilter(pod: PodToSchedule, info: NodeInfo): FilterResult {
  const taints = info.node.taints
  if (taints.length === 0) return FIT
  const tolerations = pod.pod.spec.tolerations
  for (const t of taints) {
    if (t.effect === 'PreferNoSchedule') continue
    if (!tolerated(t, tolerations)) return { ok: false, reason: untoleratedTaint(t), unresolvable: true }
    if (t.effect !== 'NoExecute') continue
    const window = noExecuteWindowMs(t, tolerations)
    if (window === undefined || window === null) continue
    const started = pod.tolerationClocks?.get(tolerationClockKey(info.node.id, t))
    const left = started === undefined ? window : started + window - (pod.now ?? started)
    if (left <= 0) return { ok: false, reason: usedUpToleration(t), unresolvable: true }
  }
  return FIT
}

/** A node with a NoExecute taint the pod tolerates only for a while: used when no other node fits. */
export function limitedToleration(pod: PodToSchedule, info: NodeInfo): boolean {
  for (const t of info.node.taints) {
    if (t.effect === 'NoExecute' && typeof noExecuteWindowMs(t, pod.pod.spec.tolerations) === 'number') return true
  }
  return false
}

/** PreferNoSchedule taints the pod does not tolerate, counted (fewer is better). */
export function preferNoScheduleCount(pod: PodToSchedule, info: NodeInfo): number {
  let count = 0
  for (const t of info.node.taints) if (t.effect === 'PreferNoSchedule' && !tolerated(t, pod.pod.spec.tolerations)) count++
  return count
}

/**
 * Taints and tolerations: NoSchedule/NoExecute filter, PreferNoSchedule only penalises (the
 * count of untolerated ones, scored in reverse: the node with none scores 100), and a node whose
 * NoExecute taint the pod tolerates only for a while is a last resort.
 */
export const taintToleration = {
  name: 'TaintToleration',
  filter: taintFilter,
  score: preferNoScheduleCount,
  normalize: 'reverse',
  lastResort: limitedToleration,
} satisfies SchedulerPlugin
