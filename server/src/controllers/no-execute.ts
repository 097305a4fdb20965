/**
 * NoExecute taints evict, as Kubernetes' taint manager does. A bound pod (Scheduled or Running) on
 * a node with a NoExecute taint it does not tolerate is evicted at once: its run ends `Failed`
 * with reason `Evicted` and its node is told to stop it (a service brings the pod back through
 * the scheduler, with back-off — pod-restarts.ts; a bare pod stays Failed, whatever its restart
 * policy, as an evicted Kubernetes pod does). A pod that tolerates every such taint stays — for
 * ever, or, when a matching toleration carries `tolerationSeconds`, for the smallest of them per
 * taint, counted from when this controller first saw the pod on that node under that taint. Those
 * clocks (toleration-clocks.ts) are durable and outlive the run: the scheduler keeps the pod off
 * a node where its time is used up.
 *
 * `planNoExecute` is pure; the controller re-plans on every node or pod change and when the
 * next toleration runs out, with the injected clock.
 */
import { holdsCapacity, noExecuteWindowMs, type Clock, type Logger, type Taint, type Toleration } from '@stark/shared'
import { evictToFailed } from '../pods/evict'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { tolerationClockKey } from '../scheduler/toleration-clock-key'
import type { TolerationClocks } from './toleration-clocks'

export interface Eviction {
  pod: PodRecord
  node: NodeRecord
  message: string
}

export interface NoExecutePlan {
  evict: Eviction[]
  /** When the next toleration runs out (epoch ms), if any is running. */
  nextAt: number | undefined
  /** Clocks to start now (a pod newly under a taint it tolerates for a while). */
  start: { pod: PodRecord; node: NodeRecord; taint: Taint }[]
}

const describeTaint = (t: Taint) => `{${t.key}${t.value ? `: ${t.value}` : ''}}`

/** Kubernetes' rule: the smallest tolerationSeconds of the tolerations used; none given: for ever. */
export function tolerationWindowMs(used: readonly Toleration[]): number | undefined {
  let min: number | undefined
  for (const t of used) if (t.tolerationSeconds !== undefined) min = Math.min(min ?? Infinity, t.tolerationSeconds)
  return min === undefined ? undefined : min * 1000
}

export function planNoExecute(
  nodes: Iterable<NodeRecord>,
  podsOn: (nodeId: string) => readonly PodRecord[],
  now: number,
  clocksOf: (podId: string) => ReadonlyMap<string, number>,
): NoExecutePlan {
  const evict: Eviction[] = []
  const start: NoExecutePlan['start'] = []
  let nextAt: number | undefined
  for (const node of nodes) {
    const taints = node.taints.filter((t) => t.effect === 'NoExecute')
    if (taints.length === 0) continue
    for (const pod of podsOn(node.id)) {
      if (pod.nodeId !== node.id || (pod.status !== 'Scheduled' && pod.status !== 'Running')) continue
      const clocks = clocksOf(pod.id)
      let message: string | undefined
      let deadline: number | undefined
      const starting: Taint[] = []
      for (const t of taints) {
        const window = noExecuteWindowMs(t, pod.spec.tolerations)
        if (window === null) {
          message = `node ${node.name} has taint ${describeTaint(t)} (NoExecute) that the pod does not tolerate`
          break
        }
        if (window === undefined) continue
        const since = clocks.get(tolerationClockKey(node.id, t))
        if (since === undefined) starting.push(t)
        const ends = (since ?? now) + window
        if (ends <= now) {
          message = `node ${node.name} has NoExecute taint ${describeTaint(t)}, tolerated for ${window / 1000} s; time is up`
          break
        }
        deadline = Math.min(deadline ?? Infinity, ends)
      }
      for (const taint of starting) start.push({ pod, node, taint })
      if (message !== undefined) evict.push({ pod, node, message })
      else if (deadline !== undefined) nextAt = Math.min(nextAt ?? Infinity, deadline)
    }
  }
  return { evict, nextAt, start }
}

export interface NoExecuteDeps {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  /** The durable toleration clocks (loaded at start). */
  clocks: TolerationClocks
  /** After an eviction is durable, with the pod as it was: stop that run on its node. */
  onEvicted(pod: PodRecord, reason: string): void
  defer?: (fn: () => void) => void
}

export function createNoExecuteController(deps: NoExecuteDeps) {
  const { state, writes, clock, log, clocks } = deps
  const defer = deps.defer ?? ((fn) => void setImmediate(fn))
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let pending = false
  let running: Promise<void> | undefined
  let stopped = false

  /** A clock lives while its pod does and its taint stays on its node. */
  const clockAlive = (r: { podId: string; nodeId: string; taint: string }) => {
    const pod = state.pods.get(r.podId)
    const node = state.nodes.get(r.nodeId)
    return (
      !!pod &&
      pod.deletedAt === null &&
      !!node &&
      node.taints.some((t) => tolerationClockKey(node.id, t) === `${r.nodeId}/${r.taint}`)
    )
  }

  async function reconcile(): Promise<void> {
    const now = clock.now()
    const plan = planNoExecute(
      state.nodes.values(),
      (id) => state.podsOnNode(id),
      now,
      (id) => clocks.forPod(id),
    )
    timer?.cancel()
    timer = plan.nextAt === undefined || stopped ? undefined : clock.setTimeout(trigger, Math.max(0, plan.nextAt - now))
    const stale = [...clocks.all()].some((r) => !clockAlive(r))
    if (plan.evict.length === 0 && plan.start.length === 0 && !stale) return
    await writes
      .run(async (tx) => {
        await clocks.prune(tx, clockAlive)
        for (const { pod, node, taint } of plan.start) await clocks.start(tx, pod.id, node.id, taint, now)
        for (const { pod, node, message } of plan.evict) {
          const current = tx.pod(pod.id)
          if (
            !current ||
            current.nodeId !== node.id ||
            current.incarnation !== pod.incarnation ||
            !holdsCapacity(current.status) ||
            current.status === 'Stopping'
          )
            continue
          evictToFailed(tx, current, message, deps.onEvicted)
        }
      })
      .catch((error: unknown) => {
        log.warn('NoExecute eviction failed; retrying', { error: String(error) })
        timer?.cancel()
        timer = clock.setTimeout(trigger, 1000)
      })
  }

  function trigger() {
    if (pending || stopped) return
    pending = true
    defer(() => {
      pending = false
      running = (running ?? Promise.resolve()).then(reconcile)
    })
  }

  const relevantNode = (a: NodeRecord | undefined, b: NodeRecord | undefined) =>
    [a, b].some((n) => n?.taints.some((t) => t.effect === 'NoExecute'))
  let unwatch: (() => void) | undefined

  return {
    reconcile,
    start() {
      // Woken by the state: a NoExecute taint comes or goes, a pod on such a node changes, a pod
      // is deleted (its toleration clocks go).
      unwatch = watchChanges(state.changes, {
        node(prev, next) {
          if (relevantNode(prev, next)) trigger()
        },
        pod(prev, next) {
          const nodeId = next?.nodeId ?? prev?.nodeId
          if (nodeId && state.nodes.get(nodeId)?.taints.some((t) => t.effect === 'NoExecute')) trigger()
          else if (!next || next.deletedAt !== null) trigger()
        },
      })
      trigger()
    },
    /** Resolves once no reconcile is waiting or running (tests). */
    async idle() {
      for (;;) {
        if (pending) {
          await new Promise<void>((r) => setImmediate(r))
          continue
        }
        const current = running
        if (!current) return
        await current
        if (current === running && !pending) return
      }
    },
    stop() {
      stopped = true
      timer?.cancel()
      unwatch?.()
    },
  }
}
export type NoExecuteController = ReturnType<typeof createNoExecuteController>
