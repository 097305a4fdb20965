/**
 * Preemption, the post-filter step: when no node fits a pod, find the node where evicting the
 * fewest, least important pods makes room. Pure, over the same snapshot and plugins as
 * `schedule()`; the caller evicts the victims and binds the pod through the write path.
 *
 * Only nodes whose rejection preemption could resolve are tried (see Diagnosis), and only pods
 * of strictly lower priority are ever victims. On each node all lower-priority pods are removed;
 * if the pod then passes every filter, the candidates are given back one by one, most important
 * first, as long as the pod still fits: what cannot be given back is the victim set. Nodes are
 * compared by the highest victim priority, then the number of victims, then the sum of their
 * priorities (lower is better each time); the first node in snapshot order wins a tie.
 */
import { subtractRequest, addRequest } from '@stark/shared'
import type { PodRecord } from '../store/records'
import { runFilters } from './framework'
import type { Diagnosis, NodeInfo, PodToSchedule, Snapshot, WeightedPlugin } from './types'

export interface PreemptionPlan {
  nodeId: string
  /** Pods to evict, least important first. */
  victims: PodRecord[]
}

/** Pods that may be evicted: strictly lower priority, bound and not already leaving. */
export function isVictimCandidate(preemptorPriority: number, p: PodRecord): boolean {
  return p.priority < preemptorPriority && (p.status === 'Scheduled' || p.status === 'Running') && p.deletedAt === null
}

function victimsOn(pod: PodToSchedule, info: NodeInfo, plugins: readonly WeightedPlugin[]): PodRecord[] | undefined {
  const priority = pod.pod.priority
  const candidates: PodRecord[] = []
  for (const p of info.pods.values()) if (isVictimCandidate(priority, p)) candidates.push(p)
  if (candidates.length === 0) return undefined
  const pods = new Map(info.pods)
  let allocated = info.allocated
  for (const c of candidates) {
    pods.delete(c.id)
    allocated = subtractRequest(allocated, c.spec.resources)
  }
  const trial: NodeInfo = { node: info.node, allocated, pods }
  if (!runFilters(pod, trial, plugins).ok) return undefined
  // Most important first (then the most recently started): those are given back first.
  candidates.sort((a, b) => b.priority - a.priority || (b.startedAt ?? b.scheduledAt ?? 0) - (a.startedAt ?? a.scheduledAt ?? 0))
  const victims: PodRecord[] = []
  for (const c of candidates) {
    trial.allocated = addRequest(allocated, c.spec.resources)
    pods.set(c.id, c)
    if (runFilters(pod, trial, plugins).ok) {
      allocated = trial.allocated
    } else {
      pods.delete(c.id)
      trial.allocated = allocated
      victims.push(c)
    }
  }
  return victims.reverse()
}

export function findPreemption(
  pod: PodToSchedule,
  snapshot: Snapshot,
  diagnosis: Diagnosis,
  plugins: readonly WeightedPlugin[],
): PreemptionPlan | undefined {
  if (pod.pod.priority <= 0) return undefined
  const resolvable = new Set(diagnosis.resolvableNodeIds)
  let best: { plan: PreemptionPlan; max: number; sum: number } | undefined
  for (const info of snapshot.nodes) {
    if (!resolvable.has(info.node.id)) continue
    const victims = victimsOn(pod, info, plugins)
    if (!victims) continue
    let max = -1
    let sum = 0
    for (const v of victims) {
      if (v.priority > max) max = v.priority
      sum += v.priority
    }
    const better =
      !best ||
      max < best.max ||
      (max === best.max &&
        (victims.length < best.plan.victims.length || (victims.length === best.plan.victims.length && sum < best.sum)))
    if (better) best = { plan: { nodeId: info.node.id, victims }, max, sum }
    if (best && best.plan.victims.length === 0) break
  }
  return best?.plan
}
