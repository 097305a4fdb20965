/**
 * Failures of a service's new revision (pack version and template) in a row during a rollout. A failure is an up-to-date pod's
 * run ending Failed (not because its node was lost or a NoExecute taint evicted it); a run of an
 * up-to-date pod becoming available is a success and starts the count again. Automatic rollback
 * reads the count. The counts are kept in `rollout_failures` through `persist` (written behind,
 * read back at start), so a server restart continues them.
 */
import type { Logger } from '@stark/shared'
import type { Sql } from '../db/sql'
import type { WriteQueue } from '../state/write-queue'
import { countersRepo, type RolloutFailureRow } from '../store/counters'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { isUpdated } from './plan-pods'
import type { RolloutFailures } from './reconcile'
import { sameVersion } from './service-template'

/** Failures that say nothing about the version: the node went away, or a taint evicted the pod. */
const NOT_THE_VERSION = new Set(['NodeLost', 'NodeLeft', 'NodeDeleted', 'PodLost', 'NodeShutdown', 'Evicted', 'Drained'])

export interface RolloutFailuresPersistence {
  put(row: RolloutFailureRow): void
  delete(serviceId: string): void
}

export function createRolloutFailures(
  initial: readonly RolloutFailureRow[] = [],
  persist?: RolloutFailuresPersistence,
): RolloutFailures & {
  /** Looks at a pod change; returns true when it counted a failure. */
  observe(service: ServiceRecord | undefined, prev: PodRecord | undefined, next: PodRecord | undefined): boolean
} {
  const counts = new Map<string, { packId: string; templateHash: string; count: number; last?: string | undefined }>()
  for (const r of initial)
    counts.set(r.serviceId, {
      packId: r.packId,
      templateHash: r.templateHash,
      count: r.failures,
      ...(r.last !== null ? { last: r.last } : {}),
    })
  const seen = new Map<string, Set<string>>()
  const forget = (id: string) => {
    if (counts.delete(id)) persist?.delete(id)
  }
  return {
    get: (id) => counts.get(id),
    reset(id) {
      forget(id)
      seen.delete(id)
    },
    noteAvailable(id, runKey) {
      let set = seen.get(id)
      if (!set) seen.set(id, (set = new Set()))
      if (set.has(runKey)) return
      set.add(runKey)
      forget(id)
    },
    observe(s, prev, next) {
      if (!s?.rollout || !next || next.deletedAt !== null || next.spec.service?.id !== s.id) return false
      if (!isUpdated(next, s) || next.status !== 'Failed') return false
      if (prev && prev.status === 'Failed' && prev.incarnation === next.incarnation) return false
      if (NOT_THE_VERSION.has(next.reason ?? '')) return false
      let c = counts.get(s.id)
      if (!c || !sameVersion(c, s)) counts.set(s.id, (c = { packId: s.packId, templateHash: s.templateHash, count: 0 }))
      c.count++
      c.last = `${next.reason ?? 'Failed'}${next.message ? `: ${next.message}` : ''}`
      persist?.put({
        serviceId: s.id,
        packId: c.packId,
        templateHash: c.templateHash,
        failures: c.count,
        last: c.last.slice(0, 2000),
      })
      return true
    },
  }
}
export type ServiceRolloutFailures = ReturnType<typeof createRolloutFailures>

/** The counts, each change written behind the pod change that made it (one small write each). */
export function createDurableRolloutFailures(initial: readonly RolloutFailureRow[], writes: WriteQueue, log: Logger) {
  const persist = (fn: (sql: Sql) => Promise<void>) =>
    void writes
      .run((tx) => fn(tx.sql))
      .catch((error: unknown) => log.warn('could not keep a rollout failure count', { error: String(error) }))
  return createRolloutFailures(initial, {
    put: (row) => persist((sql) => countersRepo.putRolloutFailures(sql, row)),
    delete: (id) => persist((sql) => countersRepo.deleteRolloutFailures(sql, id)),
  })
}
