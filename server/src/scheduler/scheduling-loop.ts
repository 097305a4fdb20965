/**
 * The live scheduling path: pending pods are taken in priority order, placed by the one pure
 * `schedule()` against the incrementally kept snapshot (batch-decider.ts), and bound in batches —
 * one durable write per cycle however many pods it binds. A pod that fits nowhere may preempt lower-priority pods
 * (see preemption.ts): they go back to Pending in the same write and their node is told to stop
 * them. Pods that fit nowhere are parked with their diagnosis and retried when the cluster changes
 * (a node joins or changes, capacity frees).
 */
import { holdsCapacity, type Clock, type Logger, type Rng } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { Tx, WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { markUnschedulable } from '../pods/transitions'
import { evictToPending } from '../pods/evict'
import type { TolerationClocks } from '../controllers/toleration-clocks'
import type { SchedulerCache } from './cache'
import { writeBinding } from './binding-write'
import { type Binding, createBatchDecider, type Decided } from './batch-decider'
import { createPendingQueue } from './pending-queue'
import type { WeightedPlugin } from './types'

export { PREEMPTION_NOT_HELPFUL } from './batch-decider'

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
  /** Called after a preemption is durable, with the victim as it was: stop that run on its node. */
  onEvicted?(victim: PodRecord, reason: string): void
  /** NoExecute toleration clocks (a node where a pod's time is used up is not fit for it). */
  tolerationClocks?: Pick<TolerationClocks, 'forPod'>
  /** Pods per cycle (one write per cycle). */
  batchSize?: number
  /** Deciding a batch yields to the event loop this often (ms), so the write in flight goes on meanwhile. */
  sliceMs?: number
  /** Parked pods are retried at least this often even without a cluster change (ms). */
  retryParkedMs?: number
  defer?: (fn: () => void) => void
  /** Observes every decision (metrics). */
  onDecision?: (info: { ok: boolean; latencyMs: number; preempted: number }) => void
  /**
   * Namespace quotas (namespaces/namespace-ops.ts): `refusal` says why binding this pod would
   * break its namespace's quota (it stays Pending with that message), `admitted` counts a pod
   * decided on until its binding is committed.
   */
  quota?: { refusal(pod: PodRecord): string | null; admitted(pod: PodRecord): void; forget(podId: string): void }
  /** The leader term `writes` is fenced with: a pod placed inside another's write checks it first (placeAtCreate). */
  term?: number
}

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)
const schedulingRelevant = (a: NodeRecord | undefined, b: NodeRecord | undefined) =>
  !a ||
  !b ||
  a.status !== b.status ||
  a.unschedulable !== b.unschedulable ||
  a.trusted !== b.trusted ||
  a.ownerId !== b.ownerId ||
  a.runtime !== b.runtime ||
  !sameJson(a.labels, b.labels) ||
  !sameJson(a.taints, b.taints) ||
  !sameJson(a.allocatable, b.allocatable)

export function createSchedulingLoop(deps: SchedulingLoopDeps) {
  const { state, writes, cache, clock, log } = deps
  const batchSize = deps.batchSize ?? 500
  const defer = deps.defer ?? ((fn) => void setImmediate(fn))
  const queue = createPendingQueue()
  const parked = new Map<string, string>() // podId → diagnosis message
  /**
   * Counts the cluster changes that retry parked pods. A batch notes it before it is decided: a
   * pod that failed against a view older than the latest such change is decided again instead of
   * parked (that change's retry ran before the pod was parked, and would otherwise be missed).
   */
  let moves = 0
  let running = false
  let scheduled = false
  let stopped = false
  let stalled = false
  const isSchedulable = (p: PodRecord | undefined): p is PodRecord => !!p && p.status === 'Pending' && p.deletedAt === null
  const decider = createBatchDecider({
    state,
    cache,
    plugins: deps.plugins,
    rng: deps.rng,
    clock,
    isSchedulable,
    defer,
    sliceMs: deps.sliceMs ?? 4,
    tolerationClocks: deps.tolerationClocks,
    onDecision: deps.onDecision,
    quota: deps.quota,
  })
  const enqueue = (p: PodRecord) => queue.add({ id: p.id, priority: p.priority, createdAt: p.createdAt })

  function kick() {
    if (scheduled || running || stopped || stalled) return
    scheduled = true
    defer(() => {
      scheduled = false
      void cycle().then(settle)
    })
  }

  /** Callers of idle() waiting for the loop to have nothing to do. */
  const idleWaiters: Array<() => void> = []
  // A stopped loop is idle once the cycle it was in has ended (that cycle writes nothing more).
  const isIdle = () => !running && !scheduled && (stopped || queue.size === 0 || stalled)
  function settle() {
    if (isIdle()) for (const resolve of idleWaiters.splice(0)) resolve()
  }

  function retryParked() {
    moves++
    if (parked.size === 0) return
    for (const id of parked.keys()) {
      const p = state.pods.get(id)
      if (isSchedulable(p)) enqueue(p)
    }
    parked.clear()
    kick()
  }

  // Woken by the state: a pod that turns Pending joins the queue, capacity freed or a node changed
  // in a way that matters retries the parked ones.
  const onPod = (prev: PodRecord | undefined, next: PodRecord | undefined) => {
    if (isSchedulable(next)) {
      if (!parked.has(next.id)) {
        enqueue(next)
        kick()
      }
    } else {
      const id = (next ?? prev)!.id
      queue.delete(id)
      parked.delete(id)
    }
    if (prev && holdsCapacity(prev.status) && !(next && holdsCapacity(next.status) && next.nodeId === prev.nodeId)) retryParked()
  }
  const unwatch = watchChanges(state.changes, {
    pod: onPod,
    node: (prev, next) => {
      if (schedulingRelevant(prev, next)) retryParked()
    },
  })
  let retryTimer = clock.setTimeout(function periodic() {
    retryParked()
    retryTimer = clock.setTimeout(periodic, deps.retryParkedMs ?? 15_000)
  }, deps.retryParkedMs ?? 15_000)

  // Pods already Pending when the loop starts (server restart) are scheduled at once.
  for (const p of state.pods.values()) if (isSchedulable(p)) enqueue(p)
  if (queue.size > 0) kick()

  function takeBatch(): PodRecord[] {
    const pods: PodRecord[] = []
    while (pods.length < batchSize && queue.size > 0) {
      for (const id of queue.take(batchSize - pods.length)) {
        const p = state.pods.get(id)
        if (isSchedulable(p)) pods.push(p)
      }
    }
    return pods
  }

  /**
   * Batches are pipelined: while one batch's write is in flight, the next batch is decided
   * against the snapshot (which already holds the first batch's pods as assumed), so deciding
   * and the database overlap. At most one write of the loop waits behind the one in flight.
   */
  async function cycle() {
    if (running || stopped) return
    running = true
    let inflight: Promise<void> | undefined
    try {
      for (;;) {
        if (queue.size === 0 || stopped || stalled) {
          if (!inflight) break
          // Pods may arrive while the last write is in flight: look again once it is done.
          await inflight
          inflight = undefined
          continue
        }
        const batch = takeBatch()
        if (batch.length === 0) continue
        const seen = moves
        const decided = await decider.decide(batch)
        if (stopped) {
          // Stopped while deciding (the lead lost, or shutting down): nothing of it is written.
          for (const b of decided.bindings) {
            release(b)
            deps.quota?.forget(b.pod.id)
          }
          continue
        }
        if (decided.bindings.length + decided.failures.length === 0) continue
        const write = runBatch(batch, decided, seen)
        if (inflight) await inflight
        inflight = write
        // Let the write start before deciding the next batch.
        await new Promise<void>((r) => defer(r))
      }
    } finally {
      running = false
      if (queue.size > 0) kick()
    }
  }

  /**
   * Evicts the victims that still hold room on the node, as they are now (a victim decided on
   * while its own binding was still in flight has been bound since: that run is the one evicted);
   * a victim that has left the node meanwhile frees its room anyway. Returns their names.
   */
  function evict(tx: Tx, b: Binding, node: NodeRecord, pod: PodRecord): string[] {
    const names: string[] = []
    for (const v of b.victims) {
      const current = tx.pod(v.id)
      if (!current || current.nodeId !== b.nodeId || current.priority >= pod.priority) continue
      if (current.status !== 'Scheduled' && current.status !== 'Running') continue
      const message = `preempted by pod ${pod.namespace}/${pod.name} (priority ${pod.priority}) on node ${node.name}`
      const next = evictToPending(
        tx,
        current,
        { reason: 'Preempted', message, eventType: 'PodPreempted', category: 'scheduler' },
        deps.onEvicted,
      )
      names.push(`${next.namespace}/${next.name}`)
    }
    return names
  }

  async function runBatch(batch: PodRecord[], { bindings, failures }: Decided, seen: number) {
    // Decided against a view the cluster has changed from since: tried again after the write.
    const stale = moves !== seen
    if (!stale) for (const f of failures) parked.set(f.pod.id, f.diagnosis.message)
    const skipped: Binding[] = []
    try {
      await writes.run((tx) => {
        for (const b of bindings) {
          const current = tx.pod(b.pod.id)
          const node = tx.node(b.nodeId)
          if (!isSchedulable(current) || !node) {
            skipped.push(b)
            continue
          }
          const preempted = b.victims.length > 0 ? evict(tx, b, node, current) : []
          writeBinding(tx, current, node, preempted, deps.onBound)
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
      // A pod skipped because its node went away meanwhile (deleted, or left asking to be
      // removed) is still Pending: it is decided again, or nothing would ever look at it again.
      for (const b of skipped) release(b)
      decideAgain([...skipped, ...(stale ? failures : [])])
    } catch (error) {
      // Nothing was written: release the assumptions and try these pods again shortly.
      for (const b of bindings) release(b)
      for (const p of batch) {
        parked.delete(p.id)
        enqueue(p)
      }
      log.warn('binding failed; retrying', { pods: batch.length, error: String(error) })
      stalled = true
      clock.setTimeout(() => {
        stalled = false
        // Pods decided against this batch's assumptions may have been parked for want of room.
        retryParked()
        kick()
      }, 1000)
    }
  }

  /** Queues these pods for another decision, those still Pending and not parked. */
  function decideAgain(decided: readonly { pod: PodRecord }[]) {
    for (const { pod } of decided) {
      const p = state.pods.get(pod.id)
      if (isSchedulable(p) && !parked.has(p.id)) enqueue(p)
    }
    if (decided.length > 0) kick()
  }

  function release(b: Binding) {
    cache.forget(b.pod.id)
    for (const v of b.victims) cache.forget(v.id)
  }

  /**
   * Binds a pod in the write that creates it, when a node fits it now: the same filters and
   * scores as a cycle, against the same snapshot, fenced by the same term (read in that write's
   * transaction), so creating and binding are one commit. Only when nothing waits for a cycle (a
   * new pod does not overtake queued ones) and without preemption; otherwise the pod stays
   * Pending for the loop. Returns the bound record, or undefined (nothing was staged). A write
   * that then fails must `forgetPlacement(pod.id)`.
   */
  async function placeAtCreate(tx: Tx, pod: PodRecord): Promise<PodRecord | undefined> {
    if (stopped || stalled || decider.deciding || queue.size > 0 || !isSchedulable(pod)) return undefined
    const pack = state.packs.get(pod.packId)
    if (!pack || deps.quota?.refusal(pod)) return undefined
    if (deps.term !== undefined && !tx.holdsTerm(deps.term)) return undefined
    if (stopped) return undefined
    const result = decider.pick(pod, pack)
    const node = result.ok ? tx.node(result.nodeId) : undefined
    if (!node) return undefined
    cache.assume(pod, node.id)
    deps.quota?.admitted(pod)
    return writeBinding(tx, pod, node, [], deps.onBound)
  }

  return {
    placeAtCreate,
    /** Releases what placeAtCreate reserved for a pod whose write failed. */
    forgetPlacement(podId: string) {
      cache.forget(podId)
      deps.quota?.forget(podId)
    },
    /** Pods waiting for a cycle, and pods parked as unschedulable. */
    get depth() {
      return { active: queue.size, unschedulable: parked.size }
    },
    /** Resolves once no cycle is running and nothing is waiting (tests, benchmarks). */
    idle(): Promise<void> {
      return isIdle() ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
    retryParked,
    /** Takes a new plugin list (a changed scoring profile) from the next decision on; parked pods are tried again. */
    setPlugins(next: readonly WeightedPlugin[]) {
      decider.setPlugins(next)
      retryParked()
    },
    stop() {
      stopped = true
      settle()
      retryTimer.cancel()
      unwatch()
    },
  }
}
export type SchedulingLoop = ReturnType<typeof createSchedulingLoop>
