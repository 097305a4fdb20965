/**
 * How the service planner sees one pod: live or being removed, up to date or not, ready,
 * available, and the order in which pods go when there are too many. Pure.
 */
import { holdsCapacity, isTerminal } from '@stark/shared'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'

/**
 * When the pod's current run became ready (ms), or null when it is not ready: Running on a Ready
 * node and, if its pack declares readiness, after it said so. The caller decides (it knows nodes
 * and readiness); the planner only reads it.
 */
export type ReadySince = (pod: PodRecord) => number | null

/** A pod the service still counts: not being deleted (a crash-looping pod counts; it restarts). */
export const isLive = (p: PodRecord) => p.deletedAt === null

/**
 * Made from the service's current revision — its pack version and its template (a pod made before
 * template hashes carries none: '') — whatever it runs after a `pod rollback`.
 */
export const isUpdated = (p: PodRecord, s: Pick<ServiceRecord, 'packId' | 'templateHash'>) =>
  p.spec.service?.packId === s.packId && (p.spec.service.templateHash ?? '') === s.templateHash

/** Holds a node: bound and not finished (including a pod still stopping after its deletion). */
export const occupiesNode = (p: PodRecord) => p.nodeId !== null && holdsCapacity(p.status)

/**
 * How long a run must have been Running before it counts as available, whatever minReadySeconds
 * says (ms). An agent reports Running when the pod's process has started, before the pack's code
 * has run: a pack that throws at start fails within this window, so it is never counted available
 * — its rollout neither completes nor stops an old pod for it, and each failure counts. The
 * default minReadySeconds (1) covers it already; it matters for `minReadySeconds: 0`.
 */
export const START_WINDOW_MS = 1000

export function availableAt(p: PodRecord, s: ServiceRecord, readySince: ReadySince): number | null {
  const since = readySince(p)
  if (since === null) return null
  return Math.max(since + s.minReadySeconds * 1000, (p.startedAt ?? since) + START_WINDOW_MS)
}

/** Ready for at least the service's minReadySeconds (and the start window). */
export function isAvailable(p: PodRecord, s: ServiceRecord, readySince: ReadySince, now: number): boolean {
  const at = availableAt(p, s, readySince)
  return at !== null && at <= now
}

/**
 * How ready a pod is, lowest first: unplaced, crash-looping (finished, waiting to restart),
 * placed but not started, running but not ready, ready but not yet available, available.
 */
export function readinessRank(p: PodRecord, s: ServiceRecord, readySince: ReadySince, now: number): number {
  if (p.nodeId === null) return 0
  if (isTerminal(p.status)) return 1
  if (p.status !== 'Running') return 2
  if (readySince(p) === null) return 3
  return isAvailable(p, s, readySince, now) ? 5 : 4
}

/**
 * Scale-down order: least ready first; among equals the one restarted most, then the newest.
 * Returns a new array; the first pods are the first to go.
 */
export function removalOrder(pods: readonly PodRecord[], s: ServiceRecord, readySince: ReadySince, now: number): PodRecord[] {
  const rank = new Map(pods.map((p) => [p.id, readinessRank(p, s, readySince, now)]))
  return [...pods].sort(
    (a, b) => rank.get(a.id)! - rank.get(b.id)! || b.restarts - a.restarts || b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1),
  )
}
