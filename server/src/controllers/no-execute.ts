/**
 * NoExecute taints evict. A bound pod (Scheduled or Running) on a node with a NoExecute taint it
 * does not tolerate goes back to Pending at once (the scheduler places it elsewhere, or it waits
 * with a diagnosis) and its node is told to stop that run. A pod that tolerates every such taint
 * stays — for ever, or, when its matching tolerations carry `tolerationSeconds`, for the smallest
 * of them, counted from when this controller first saw the pod under the taint (as Kubernetes'
 * taint manager does; a server restart starts the count again).
 *
 * `planNoExecute` is pure; the controller re-plans on every node or pod change and when the
 * next toleration runs out, with the injected clock.
 */
import { holdsCapacity, tolerates, type Clock, type Logger, type Taint, type Toleration } from '@stark/shared'
import { evictToPending } from '../pods/evict'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'

export interface Eviction {
  pod: PodRecord
  node: NodeRecord
  message: string
}

export interface NoExecutePlan {
  evict: Eviction[]
  /** When the next toleration runs out (epoch ms), if any is running. */
  nextAt: number | undefined
  /** Runs under a toleration with seconds: key → first seen (carry into the next plan). */
  seen: Map<string, number>
}

const describeTaint = (t: Taint) => `{${t.key}${t.value ? `: ${t.value}` : ''}}`
const runKey = (pod: PodRecord) => `${pod.id}:${pod.incarnation}`

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
  previouslySeen: ReadonlyMap<string, number>,
): NoExecutePlan {
  const evict: Eviction[] = []
  const seen = new Map<string, number>()
  let nextAt: number | undefined
  for (const node of nodes) {
    const taints = node.taints.filter((t) => t.effect === 'NoExecute')
    if (taints.length === 0) continue
    for (const pod of podsOn(node.id)) {
      if (pod.nodeId !== node.id || (pod.status !== 'Scheduled' && pod.status !== 'Running')) continue
      const used: Toleration[] = []
      const untolerated = taints.find((t) => {
        const matching = pod.spec.tolerations.filter((tol) => tolerates(tol, t))
        used.push(...matching)
        return matching.length === 0
      })
      if (untolerated) {
        evict.push({ pod, node, message: `node ${node.name} has taint ${describeTaint(untolerated)} (NoExecute) that the pod does not tolerate` })
        continue
      }
      const window = tolerationWindowMs(used)
      if (window === undefined) continue
      const key = runKey(pod)
      const since = previouslySeen.get(key) ?? now
      if (now - since >= window) {
        evict.push({ pod, node, message: `node ${node.name} has NoExecute taint(s) ${taints.map(describeTaint).join(', ')}, tolerated for ${window / 1000} s; time is up` })
        continue
      }
      seen.set(key, since)
      nextAt = Math.min(nextAt ?? Infinity, since + window)
    }
  }
  return { evict, nextAt, seen }
}

export interface NoExecuteDeps {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  /** After an eviction is durable, with the pod as it was: stop that run on its node. */
  onEvicted(pod: PodRecord, reason: string): void
  defer?: (fn: () => void) => void
}

export function createNoExecuteController(deps: NoExecuteDeps) {
  const { state, writes, clock, log } = deps
  const defer = deps.defer ?? ((fn) => void setImmediate(fn))
  let seen = new Map<string, number>()
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let pending = false
  let running: Promise<void> | undefined
  let stopped = false

  async function reconcile(): Promise<void> {
    const plan = planNoExecute(state.nodes.values(), (id) => state.podsOnNode(id), clock.now(), seen)
    seen = plan.seen
    timer?.cancel()
    timer = plan.nextAt === undefined || stopped ? undefined : clock.setTimeout(trigger, Math.max(0, plan.nextAt - clock.now()))
    if (plan.evict.length === 0) return
    await writes
      .run((tx) => {
        for (const { pod, node, message } of plan.evict) {
          const current = tx.pod(pod.id)
          if (!current || current.nodeId !== node.id || current.incarnation !== pod.incarnation || !holdsCapacity(current.status) || current.status === 'Stopping') continue
          evictToPending(tx, current, { reason: 'TaintEviction', message, eventType: 'PodEvicted', category: 'pod' }, deps.onEvicted)
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
  let offNode: (() => void) | undefined
  let offPod: (() => void) | undefined

  return {
    reconcile,
    start() {
      offNode = state.onNodeChange((prev, next) => {
        if (relevantNode(prev, next)) trigger()
      })
      offPod = state.onPodChange((prev, next) => {
        const nodeId = next?.nodeId ?? prev?.nodeId
        if (nodeId && state.nodes.get(nodeId)?.taints.some((t) => t.effect === 'NoExecute')) trigger()
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
      offNode?.()
      offPod?.()
    },
  }
}
export type NoExecuteController = ReturnType<typeof createNoExecuteController>
