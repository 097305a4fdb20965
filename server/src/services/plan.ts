/**
 * planService(service, pods, nodes) → what to create, remove and keep, and what to record.
 * Pure and level-based: it looks at the whole current state and never remembers anything;
 * `reconcile.ts` applies its answer through the write queue.
 *
 * Replica mode and DaemonSet mode each have their own planner (plan-replicas.ts,
 * plan-daemonset.ts; the vocabulary is in plan-types.ts); this file holds the decisions both share:
 * moving to a newer pack version (`--follow-latest`), automatic rollback after repeated failures
 * of a new revision (a pack version, a template, or both: back to the last healthy one), and
 * noticing that a rollout is complete.
 */
import { planDaemonSet } from './plan-daemonset'
import { planReplicas } from './plan-replicas'
import { emptyPlan, type PlanInput, type ServicePlan } from './plan-types'
import { healthyVersion } from './service-changes'
import { sameVersion, versionOf } from './service-template'

export * from './plan-types'

/** A new version that fails this many times in a row during a rollout is rolled back. */
export const ROLLBACK_AFTER_FAILURES = 3

export function planService(input: PlanInput): ServicePlan {
  const { service } = input
  const failures = input.rolloutFailures?.count ?? 0
  if (service.rollout && !service.rollout.rollback && failures >= ROLLBACK_AFTER_FAILURES) {
    const plan = service.mode === 'daemonset' ? planDaemonSet(input) : planReplicas(input)
    const last = input.rolloutFailures?.last ? ` (last: ${input.rolloutFailures.last})` : ''
    const why = `the new version failed ${failures} times in a row during the rollout${last}`
    const healthy = healthyVersion(service)
    if (healthy && !sameVersion(healthy, service)) {
      return { ...emptyPlan(plan.counts), retarget: { to: healthy, why: 'Rollback', message: why } }
    }
    // Nothing healthy to go back to: report it once, keep trying with back-off.
    if (service.condition?.type !== 'RolloutFailed')
      return {
        ...plan,
        rolloutFailed: { message: `${why}; no earlier version ran healthily, so there is nothing to roll back to` },
      }
    return plan
  }
  if (
    service.followLatest &&
    input.newerPackId &&
    input.newerPackId !== service.packId &&
    input.newerPackId !== service.failedPackId
  ) {
    const plan = service.mode === 'daemonset' ? planDaemonSet(input) : planReplicas(input)
    return {
      ...emptyPlan(plan.counts),
      retarget: {
        to: { ...versionOf(service), packId: input.newerPackId },
        why: 'FollowLatest',
        message: 'a newer version of the pack was registered',
      },
    }
  }
  return service.mode === 'daemonset' ? planDaemonSet(input) : planReplicas(input)
}
