/**
 * Replica mode: `replicas` pods, placed by the scheduler. Without a rollout it only scales (up:
 * new Pending pods; down: least ready first, then the newest). During a rollout it follows
 * Kubernetes' Deployment arithmetic with pods instead of ReplicaSets:
 *
 * - new pods are created while the total stays within replicas + maxSurge;
 * - old pods that are not available go first (they count for nothing), as far as
 *   total − (replicas − maxUnavailable) − (new pods not yet available) allows;
 * - available old pods go only while availability stays at replicas − maxUnavailable or more,
 *   so a new pod must be available (Running, ready, for minReadySeconds) before an old one stops.
 *
 * Pure. Pods being deleted do not count (they are on their way out).
 */
import type { PodRecord } from '../store/records'
import { isAvailable, isLive, isUpdated, removalOrder } from './plan-pods'
import { countPods, nextAvailability, type PlanInput, type PodCreation, type PodRemoval, type ServicePlan } from './plan-types'

export function planReplicas(input: PlanInput): ServicePlan {
  const { service: s, now, readySince } = input
  const desired = s.replicas
  const live = input.pods.filter(isLive)
  const updated = live.filter((p) => isUpdated(p, s))
  const old = live.filter((p) => !isUpdated(p, s))
  const available = (p: PodRecord) => isAvailable(p, s, readySince, now)
  const order = (pods: readonly PodRecord[]) => removalOrder(pods, s, readySince, now)
  const create: PodCreation[] = []
  const remove: PodRemoval[] = []

  if (old.length === 0) {
    if (updated.length < desired) for (let i = updated.length; i < desired; i++) create.push({ reason: 'ScaleUp' })
    // Ordering every pod (O(n log n)) only when some go: at the replica count, a pass sorts nothing.
    else if (updated.length > desired)
      for (const pod of order(updated).slice(0, updated.length - desired)) remove.push({ pod, reason: 'ScaleDown' })
  } else {
    const maxTotal = desired + s.maxSurge
    const minAvailable = Math.max(0, desired - s.maxUnavailable)
    // More new pods than wanted (scaled down during the rollout): the least ready go.
    const keptNew = order(updated)
    for (const pod of keptNew.splice(0, Math.max(0, updated.length - desired))) remove.push({ pod, reason: 'ScaleDown' })
    let total = keptNew.length + old.length
    const toCreate = Math.max(0, Math.min(desired - keptNew.length, maxTotal - total))
    for (let i = 0; i < toCreate; i++) create.push({ reason: 'Rollout' })
    total += toCreate
    const newAvailable = keptNew.filter(available).length
    const newUnavailable = keptNew.length + toCreate - newAvailable
    // Old pods that are not available: removing them costs no availability.
    let budget = total - minAvailable - newUnavailable
    const oldOrdered = order(old)
    const oldUnavailable = oldOrdered.filter((p) => !available(p))
    for (const pod of oldUnavailable) {
      if (budget <= 0) break
      remove.push({ pod, reason: 'Rollout' })
      budget--
    }
    // Available old pods: only while availability stays at minAvailable or above.
    let spare = keptNew.filter(available).length + old.filter(available).length - minAvailable
    for (const pod of oldOrdered) {
      if (spare <= 0) break
      if (!available(pod)) continue
      remove.push({ pod, reason: 'Rollout' })
      spare--
    }
    // The room old pods leave can take new pods in the same pass (a pod being deleted does not count).
    const removedOld = remove.filter((r) => !isUpdated(r.pod, s)).length
    const more = Math.max(0, Math.min(desired - keptNew.length - toCreate, maxTotal - (total - removedOld)))
    for (let i = 0; i < more; i++) create.push({ reason: 'Rollout' })
  }

  const removed = new Set(remove.map((r) => r.pod.id))
  const keep = live.filter((p) => !removed.has(p.id))
  const counts = countPods(input, desired)
  const complete = old.length === 0 && updated.length === desired && remove.length === 0 && updated.every(available)
  return { create, remove, keep, counts, unschedulable: [], complete, wakeAt: nextAvailability(input) }
}
