/**
 * The live scheduling path: pending pods are taken in priority order, placed by the one pure
 * `schedule()` against the incrementally kept snapshot, and bound in batches — one durable write
 * per cycle however many pods it binds. Pods that fit nowhere are parked with their diagnosis
 * and retried when the cluster changes (a node joins or changes, capacity frees).
 */
import { holdsCapacity, type Clock, type Logger, type Rng } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { bindPod, markUnschedulable } from '../pods/transitions'
import type { SchedulerCache } from './cache'
import { schedule } from './framework'
import type { Diagnosis, WeightedPlugin } from './types'

export interface SchedulingLoopDeps {
  state: ClusterState
  writes: WriteQueue
  cache: SchedulerCache
  plugins: readonly WeightedPlugin[]
  rng: Rng
  clock: Clock
  log: Logger
  /** Called after a binding is durable: send the pod to its node. */
  onBound(pod: PodRecord): void
  /** Pods per cycle (one write per cycle). */
  batchSize?: number
  /** Parked pods are retried at least this often even without a cluster change (ms). */
  retryParkedMs?: number
  defer?: (fn: () => void) => void
  /** Observes every decision (metrics). */
  onDecision?: (info: { ok: boolean; latencyMs: number }) => void
}

const schedulingRelevant = (a: NodeRecord | undefined, b: NodeRecord | undefined) =>
  !a ||
  !b ||
  a.status !== b.status ||
  a.unschedulable !== b.unschedulable ||
  a.trusted !== b.trusted ||
  JSON.stringify(a.labels) !== JSON.stringify(b.labels) ||
  JSON.stringify(a.taints) !== JSON.stringify(b.taints) ||
  JSON.stringify(a.allocatable) !== JSON.stringify(b.allocatable)

export function createSchedulingLoop(deps: SchedulingLoopDeps) {
  const { state, writes, cache, clock, log } = deps
  const batchSize = deps.batchSize ?? 500
  const defer = deps.defer ?? ((fn) => void setImmediate(fn))
  const active = new Set<string>()
  const parked = new Map<string, string>() // podId → diagnosis message
  let running = false
  let scheduled = false
  let stopped = false
  let offset = 0
  let stalled = false

  const isSchedulable = (p: PodRecord | undefined): p is PodRecord => !!p && p.status === 'Pending' && p.deletedAt === null

  function kick() {
    if (scheduled || running || stopped || stalled) return
    scheduled = true
    defer(() => {
      scheduled = false
      void cycle()
    })
  }

  function retryParked() {
    if (parked.size === 0) return
    for (const id of parked.keys()) active.add(id)
    parked.clear()
    kick()
  }

  const offPod = state.onPodChange((prev, next) => {
    if (isSchedulable(next)) {
      if (!parked.has(next.id)) {
        active.add(next.id)
        kick()
      }
    } else {
      const id = (next ?? prev)!.id
      active.delete(id)
      parked.delete(id)
    }
    if (prev && holdsCapacity(prev.status) && !(next && holdsCapacity(next.status) && next.nodeId === prev.nodeId)) retryParked()
  })
  const offNode = state.onNodeChange((prev, next) => {
    if (schedulingRelevant(prev, next)) retryParked()
  })
  let retryTimer = clock.setTimeout(function periodic() {
    retryParked()
    retryTimer = clock.setTimeout(periodic, deps.retryParkedMs ?? 15_000)
  }, deps.retryParkedMs ?? 15_000)

  for (const p of state.pods.values()) if (isSchedulable(p)) active.add(p.id)

  function takeBatch(): PodRecord[] {
    const pods: PodRecord[] = []
    for (const id of active) {
      const p = state.pods.get(id)
      if (isSchedulable(p)) pods.push(p)
      else active.delete(id)
    }
    pods.sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt)
    const batch = pods.slice(0, batchSize)
    for (const p of batch) active.delete(p.id)
    return batch
  }

  async function cycle() {
    if (running || stopped) return
    running = true
    try {
      while (active.size > 0 && !stopped) {
        const batch = takeBatch()
        if (batch.length === 0) break
        await runBatch(batch)
      }
    } finally {
      running = false
    }
  }

  async function runBatch(batch: PodRecord[]) {
    const bindings: { pod: PodRecord; nodeId: string }[] = []
    const failures: { pod: PodRecord; diagnosis: Diagnosis }[] = []
    for (const pod of batch) {
      const pack = state.packs.get(pod.packId)
      if (!pack) {
        failures.push({ pod, diagnosis: { message: 'pack not found', reasons: {}, resolvableNodeIds: [] } })
        continue
      }
      const t0 = performance.now()
      const result = schedule({ pod, pack }, cache.snapshot, { plugins: deps.plugins, rng: deps.rng, startIndex: offset })
      deps.onDecision?.({ ok: result.ok, latencyMs: performance.now() - t0 })
      if (result.ok) {
        offset += result.evaluated
        cache.assume(pod, result.nodeId)
        bindings.push({ pod, nodeId: result.nodeId })
      } else failures.push({ pod, diagnosis: result.diagnosis })
    }
    for (const f of failures) parked.set(f.pod.id, f.diagnosis.message)
    const skipped: string[] = []
    try {
      await writes.run((tx) => {
        for (const b of bindings) {
          const current = tx.pod(b.pod.id)
          if (!isSchedulable(current)) {
            skipped.push(b.pod.id)
            continue
          }
          const node = tx.node(b.nodeId)
          const next = bindPod(current, b.nodeId, tx.now)
          tx.putPod(next)
          tx.history({ podId: next.id, incarnation: next.incarnation, status: next.status, reason: null, message: null, nodeId: b.nodeId })
          tx.event({
            type: 'PodScheduled',
            category: 'scheduler',
            resourceType: 'pod',
            resourceId: next.id,
            resourceName: next.name,
            namespace: next.namespace,
            ownerId: next.ownerId,
            previousState: 'Pending',
            newState: 'Scheduled',
            reason: 'Scheduled',
            message: `assigned to node ${node?.name ?? b.nodeId}`,
          })
          tx.after(() => deps.onBound(next))
        }
        for (const f of failures) {
          const current = tx.pod(f.pod.id)
          if (!isSchedulable(current) || current.message === f.diagnosis.message) continue
          tx.putPod(markUnschedulable(current, f.diagnosis.message, tx.now))
          tx.event({
            type: 'PodUnschedulable',
            category: 'scheduler',
            severity: 'warning',
            resourceType: 'pod',
            resourceId: current.id,
            resourceName: current.name,
            namespace: current.namespace,
            ownerId: current.ownerId,
            reason: 'FailedScheduling',
            message: f.diagnosis.message,
          })
        }
      })
      for (const id of skipped) cache.forget(id)
    } catch (error) {
      // Nothing was bound: release the assumptions and try these pods again shortly.
      for (const b of bindings) cache.forget(b.pod.id)
      for (const p of batch) {
        parked.delete(p.id)
        active.add(p.id)
      }
      log.warn('binding failed; retrying', { pods: batch.length, error: String(error) })
      stalled = true
      clock.setTimeout(() => {
        stalled = false
        kick()
      }, 1000)
    }
  }

  return {
    /** Pods waiting for a cycle, and pods parked as unschedulable. */
    get depth() {
      return { active: active.size, unschedulable: parked.size }
    },
    /** Resolves once no cycle is running and nothing is waiting (tests, benchmarks). */
    async idle(): Promise<void> {
      while (running || scheduled || (active.size > 0 && !stalled)) await new Promise((r) => setTimeout(r, 5))
    },
    retryParked,
    stop() {
      stopped = true
      retryTimer.cancel()
      offPod()
      offNode()
    },
  }
}
export type SchedulingLoop = ReturnType<typeof createSchedulingLoop>
