/**
 * How the scheduling loop decides: the one pure `schedule()` per pod against the cache's snapshot,
 * from a start that rotates so every node gets its turn, each decision assumed in the cache for the
 * next; a pod that fits nowhere may preempt lower-priority pods (preemption.ts).
 *
 * A batch is decided in slices of `sliceMs`: between slices the event loop turns, so the write in
 * flight goes on meanwhile (its statements sent as soon as its BEGIN is answered, its COMMIT as
 * soon as they are) instead of waiting behind a whole batch's decisions at each round trip.
 */
import type { Clock, Rng } from '@stark/shared'
import type { TolerationClocks } from '../controllers/toleration-clocks'
import type { ClusterState } from '../state/cluster-state'
import type { PackRecord, PodRecord } from '../store/records'
import type { SchedulerCache } from './cache'
import { createScoreScratch, schedule } from './framework'
import { findPreemption } from './preemption'
import type { Diagnosis, ScheduleResult, WeightedPlugin } from './types'

export const PREEMPTION_NOT_HELPFUL = 'Preemption found no lower-priority pods whose eviction makes room.'

export interface Binding {
  pod: PodRecord
  nodeId: string
  victims: PodRecord[]
}

export interface Decided {
  bindings: Binding[]
  failures: { pod: PodRecord; diagnosis: Diagnosis }[]
}

export interface BatchDeciderDeps {
  state: ClusterState
  cache: SchedulerCache
  plugins: readonly WeightedPlugin[]
  rng: Rng
  clock: Clock
  /** A pod still to be decided (one deleted or placed meanwhile is not). */
  isSchedulable(pod: PodRecord | undefined): pod is PodRecord
  defer(fn: () => void): void
  sliceMs: number
  tolerationClocks?: Pick<TolerationClocks, 'forPod'> | undefined
  onDecision?: ((info: { ok: boolean; latencyMs: number; preempted: number }) => void) | undefined
  quota?: { refusal(pod: PodRecord): string | null; admitted(pod: PodRecord): void } | undefined
}

export function createBatchDecider(deps: BatchDeciderDeps) {
  const { state, cache, clock } = deps
  const scratch = createScoreScratch()
  let plugins = deps.plugins
  let offset = 0
  let deciding = false

  const subjectOf = (pod: PodRecord, pack: PackRecord) => ({
    pod,
    pack,
    now: clock.now(),
    tolerationClocks: deps.tolerationClocks?.forPod(pod.id),
  })

  /** The one scheduling call: a node found moves the rotating start on. */
  function place(subject: ReturnType<typeof subjectOf>): ScheduleResult {
    const result = schedule(subject, cache.snapshot, { plugins, rng: deps.rng, startIndex: offset, scratch })
    if (result.ok) offset += result.evaluated
    return result
  }

  /** Schedules one pod (no preemption, nothing assumed). */
  function pick(pod: PodRecord, pack: PackRecord): ScheduleResult {
    const t0 = performance.now()
    const result = place(subjectOf(pod, pack))
    deps.onDecision?.({ ok: result.ok, latencyMs: performance.now() - t0, preempted: 0 })
    return result
  }

  function decideOne(pod: PodRecord, out: Decided) {
    const pack = state.packs.get(pod.packId)
    if (!pack) {
      out.failures.push({ pod, diagnosis: { message: 'pack not found', reasons: {}, resolvableNodeIds: [] } })
      return
    }
    const refusal = deps.quota?.refusal(pod)
    if (refusal) {
      out.failures.push({ pod, diagnosis: { message: refusal, reasons: { [refusal]: 1 }, resolvableNodeIds: [] } })
      return
    }
    const t0 = performance.now()
    const subject = subjectOf(pod, pack)
    const result = place(subject)
    if (result.ok) {
      cache.assume(pod, result.nodeId)
      out.bindings.push({ pod, nodeId: result.nodeId, victims: [] })
      deps.quota?.admitted(pod)
      deps.onDecision?.({ ok: true, latencyMs: performance.now() - t0, preempted: 0 })
      return
    }
    const plan = findPreemption(subject, cache.snapshot, result.diagnosis, plugins)
    deps.onDecision?.({ ok: !!plan, latencyMs: performance.now() - t0, preempted: plan?.victims.length ?? 0 })
    if (plan) {
      for (const v of plan.victims) cache.evict(v.id)
      cache.assume(pod, plan.nodeId)
      out.bindings.push({ pod, nodeId: plan.nodeId, victims: plan.victims })
      deps.quota?.admitted(pod)
    } else {
      const diagnosis =
        pod.priority > 0 && result.diagnosis.resolvableNodeIds.length > 0
          ? { ...result.diagnosis, message: `${result.diagnosis.message} ${PREEMPTION_NOT_HELPFUL}` }
          : result.diagnosis
      out.failures.push({ pod, diagnosis })
    }
  }

  return {
    /** Decides every pod of the batch (assuming each decision for the next), yielding between slices. */
    async decide(batch: readonly PodRecord[]): Promise<Decided> {
      const out: Decided = { bindings: [], failures: [] }
      deciding = true
      try {
        let sliceStart = performance.now()
        for (const pod of batch) {
          if (performance.now() - sliceStart >= deps.sliceMs) {
            await new Promise<void>((r) => deps.defer(r))
            sliceStart = performance.now()
          }
          // Taken off the queue a slice ago or more: a pod deleted or placed meanwhile is not decided on.
          const current = state.pods.get(pod.id)
          if (deps.isSchedulable(current)) decideOne(current, out)
        }
      } finally {
        deciding = false
      }
      return out
    },
    pick,
    /** A batch is being decided (a pod created meanwhile must not overtake it). */
    get deciding() {
      return deciding
    },
    /** Takes a new plugin list from the next decision on. */
    setPlugins(next: readonly WeightedPlugin[]) {
      plugins = next
    },
  }
}
export type BatchDecider = ReturnType<typeof createBatchDecider>
