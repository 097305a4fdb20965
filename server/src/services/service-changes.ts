/** Pure changes to a service record shared by user commands and the controller. */
import type { PodRecord } from '../store/records'
import type { ServiceCondition, ServiceRecord } from '../store/services'
import { isLive, isUpdated } from './plan-pods'
import type { ServiceVersion } from './service-template'

/**
 * The service moved to another revision (a pack version and a template): a rollout starts when
 * live pods were made from another one; a new desired state gets a new generation.
 */
export function retarget(
  s: ServiceRecord,
  to: ServiceVersion,
  pods: readonly PodRecord[],
  now: number,
  o: { rollback: boolean; condition: ServiceCondition; failedPackId?: string | null },
): ServiceRecord {
  const moving = pods.some((p) => isLive(p) && !isUpdated(p, to))
  return {
    ...s,
    packId: to.packId,
    template: to.template,
    templateHash: to.templateHash,
    rollout: moving
      ? {
          fromPackId: s.packId,
          fromTemplateHash: s.templateHash,
          fromTemplate: s.template,
          startedAt: now,
          rollback: o.rollback,
        }
      : null,
    failedPackId: o.failedPackId === undefined ? s.failedPackId : o.failedPackId,
    condition: o.condition,
    generation: s.generation + 1,
    updatedAt: now,
  }
}

/** The revision a rollout in progress started from (its template: the current one, for rollouts started before templates changed). */
export const rolloutFrom = (s: ServiceRecord): ServiceVersion | undefined =>
  s.rollout
    ? {
        packId: s.rollout.fromPackId,
        template: s.rollout.fromTemplate ?? s.template,
        templateHash: s.rollout.fromTemplateHash ?? s.templateHash,
      }
    : undefined

/** The last revision that ran healthily, if any. */
export const healthyVersion = (s: ServiceRecord): ServiceVersion | undefined =>
  s.healthyPackId
    ? {
        packId: s.healthyPackId,
        template: s.healthyTemplate ?? s.template,
        templateHash: s.healthyTemplateHash ?? s.templateHash,
      }
    : undefined

export const condition = (type: string, reason: string, message: string, at: number): ServiceCondition => ({
  type,
  reason,
  message,
  at,
})
