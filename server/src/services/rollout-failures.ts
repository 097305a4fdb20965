/**
 * Failures of a service's new version in a row during a rollout (in memory). A failure is an
 * up-to-date pod's run ending Failed (not because its node was lost); a run of an up-to-date pod
 * becoming available is a success and starts the count again. Automatic rollback reads the count.
 */
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import type { RolloutFailures } from './reconcile'

/** Failures that say nothing about the version: the node went away. */
const NOT_THE_VERSION = new Set(['NodeLost', 'PodLost', 'NodeShutdown'])

export function createRolloutFailures(): RolloutFailures & {
  /** Looks at a pod change; returns true when it counted a failure. */
  observe(service: ServiceRecord | undefined, prev: PodRecord | undefined, next: PodRecord | undefined): boolean
} {
  const counts = new Map<string, { packId: string; count: number; last?: string | undefined }>()
  const seen = new Map<string, Set<string>>()
  return {
    get: (id) => counts.get(id),
    reset(id) {
      counts.delete(id)
      seen.delete(id)
    },
    noteAvailable(id, runKey) {
      let set = seen.get(id)
      if (!set) seen.set(id, (set = new Set()))
      if (set.has(runKey)) return
      set.add(runKey)
      counts.delete(id)
    },
    observe(s, prev, next) {
      if (!s || !s.rollout || !next || next.deletedAt !== null || next.spec.service?.id !== s.id) return false
      if (next.spec.service.packId !== s.packId || next.status !== 'Failed') return false
      if (prev && prev.status === 'Failed' && prev.incarnation === next.incarnation) return false
      if (NOT_THE_VERSION.has(next.reason ?? '')) return false
      let c = counts.get(s.id)
      if (!c || c.packId !== s.packId) counts.set(s.id, (c = { packId: s.packId, count: 0 }))
      c.count++
      c.last = `${next.reason ?? 'Failed'}${next.message ? `: ${next.message}` : ''}`
      return true
    },
  }
}
