/** Pure changes to a service record shared by user commands and the controller. */
import type { PodRecord } from '../store/records'
import type { ServiceCondition, ServiceRecord } from '../store/services'
import { isLive } from './plan-pods'

/**
 * The service moved to another version: a rollout starts when live pods were made from another
 * version; a new desired state gets a new generation.
 */
export function retarget(
  s: ServiceRecord,
  toPackId: string,
  pods: readonly PodRecord[],
  now: number,
  o: { rollback: boolean; condition: ServiceCondition; failedPackId?: string | null },
): ServiceRecord {
  const moving = pods.some((p) => isLive(p) && p.spec.service?.packId !== toPackId)
  return {
    ...s,
    packId: toPackId,
    rollout: moving ? { fromPackId: s.packId, startedAt: now, rollback: o.rollback } : null,
    failedPackId: o.failedPackId === undefined ? s.failedPackId : o.failedPackId,
    condition: o.condition,
    generation: s.generation + 1,
    updatedAt: now,
  }
}

export const condition = (type: string, reason: string, message: string, at: number): ServiceCondition => ({
  type,
  reason,
  message,
  at,
})
