/**
 * DaemonSet mode: one pod on every node the service belongs on (Ready, matching its selector and
 * affinity, tolerating its taints, of a runtime its pack runs on). New pods are pinned to their
 * node and bound there by the scheduler; a node that cannot fit the pod now is reported with the
 * scheduler's reason instead. A node never holds two pods of a DaemonSet, not even while one stops:
 * a replacement waits for its predecessor to be gone, so maxSurge does not apply, and a rollout
 * replaces at most max(1, maxUnavailable) available pods at a time (pods that are not available
 * are replaced at once, as Kubernetes does).
 *
 * A node that goes NotReady keeps its running pod for a while (it may be reconnecting; node health
 * fails the pod if the node stays away); a node that is gone, Offline, no longer matches, or
 * holds only a finished pod, loses it. Pure.
 */
import type { PodRecord } from '../store/records'
import { isAvailable, isLive, isUpdated, occupiesNode, removalOrder } from './plan-pods'
import {
  countPods,
  nextAvailability,
  type PlanInput,
  type PlanNode,
  type PodCreation,
  type PodRemoval,
  type ServicePlan,
} from './plan-types'

export function planDaemonSet(input: PlanInput): ServicePlan {
  const { service: s, now, readySince, nodes } = input
  const available = (p: PodRecord) => isAvailable(p, s, readySince, now)
  const live = input.pods.filter(isLive)
  const create: PodCreation[] = []
  const remove: PodRemoval[] = []
  const unschedulable: ServicePlan['unschedulable'] = []

  // Nodes still held by a pod on its way out (a new pod waits for it to be gone).
  const occupied = new Set(input.pods.filter((p) => !isLive(p) && occupiesNode(p)).map((p) => p.nodeId!))
  const byNode = new Map<string, PodRecord[]>()
  for (const pod of live) {
    const target = pod.spec.service?.nodeId
    // A pod waiting for the scheduler belongs to the node it is pinned to.
    const at = pod.nodeId ?? target
    if (at === undefined) remove.push({ pod, reason: 'Unbound' })
    else if (target !== undefined && at !== target) remove.push({ pod, reason: 'WrongNode' })
    else byNode.set(at, [...(byNode.get(at) ?? []), pod])
  }

  const kept = new Map<string, PodRecord>() // eligible node id → its one pod
  for (const [nodeId, pods] of byNode) {
    const node = nodes.get(nodeId)
    if (!node || node.status === 'Offline') {
      for (const pod of pods) remove.push({ pod, reason: 'NodeGone' })
      continue
    }
    if (!node.eligible) {
      // NotReady may be a blip: keep what still runs there; the rest goes.
      const blip = node.status === 'NotReady'
      for (const pod of pods)
        if (!(blip && occupiesNode(pod))) remove.push({ pod, reason: blip ? 'NodeGone' : 'NodeNotEligible' })
      continue
    }
    // The best pod stays: up to date first, then the most ready; duplicates go.
    const best = [...pods].sort((a, b) => Number(isUpdated(b, s)) - Number(isUpdated(a, s)) || rankDesc(a, b))[0]!
    kept.set(nodeId, best)
    for (const pod of pods) if (pod !== best) remove.push({ pod, reason: 'Duplicate' })
  }
  function rankDesc(a: PodRecord, b: PodRecord): number {
    const order = removalOrder([a, b], s, readySince, now)
    return order[0] === a ? 1 : -1
  }

  const eligible: PlanNode[] = [...nodes.values()].filter((n) => n.eligible).sort((a, b) => (a.name < b.name ? -1 : 1))
  let unavailableNodes = 0
  for (const node of eligible) {
    const pod = kept.get(node.id)
    if (pod) {
      if (!available(pod)) unavailableNodes++
      continue
    }
    // A node that cannot fit the pod is reported, and does not hold up a rollout elsewhere.
    if (!occupied.has(node.id) && node.unfit) {
      unschedulable.push({ nodeId: node.id, node: node.name, reason: node.unfit })
      continue
    }
    unavailableNodes++
    if (!occupied.has(node.id))
      create.push({ nodeId: node.id, reason: live.some((p) => !isUpdated(p, s)) ? 'Rollout' : 'NodeAdded' })
  }

  // Rollout: old pods that are not available are replaced at once; available ones within budget.
  const oldKept = removalOrder(
    [...kept.values()].filter((p) => !isUpdated(p, s)),
    s,
    readySince,
    now,
  )
  let budget = Math.max(1, s.maxUnavailable) - unavailableNodes
  for (const pod of oldKept) {
    if (!available(pod)) remove.push({ pod, reason: 'Rollout' })
    else if (budget > 0) {
      remove.push({ pod, reason: 'Rollout' })
      budget--
    }
  }

  const removed = new Set(remove.map((r) => r.pod.id))
  const keep = live.filter((p) => !removed.has(p.id))
  const counts = countPods(input, eligible.length)
  const complete =
    remove.length === 0 &&
    create.length === 0 &&
    live.every((p) => isUpdated(p, s) && available(p)) &&
    eligible.every((n) => kept.has(n.id) || n.unfit !== undefined)
  return { create, remove, keep, counts, unschedulable, complete, wakeAt: nextAvailability(input) }
}
