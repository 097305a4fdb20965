/**
 * Restarts and crash loops, for every pod whose restart policy asks for it (service pods are
 * `Always`; bare pods may be `OnFailure` or `Always`). A pod that fails or exits goes into
 * back-off (status stays Failed/Succeeded/Stopped, reason `CrashLoopBackOff`, the message says how
 * long and what the last exit was), then restarts ON ITS NODE as a new incarnation (incarnation+1,
 * restarts+1). When its node is gone (not Ready) or can no longer hold it, it goes back to Pending
 * for the scheduler once its back-off has passed: the back-off governs every next incarnation,
 * wherever it is placed. A pod lost with its node (`NodeLost`, `NodeLeft`, `NodeDeleted`) is not at
 * fault, so that loss counts no crash (a back-off still running is waited out). DaemonSet pods
 * belong to their node: they wait for it (the service removes them if it leaves for good).
 *
 * Pods are looked at many at a time (`RESTART_CONCURRENCY`): the pods of a node that went away
 * go back to the scheduler in one write, not one write each. A restart on the node checks the
 * node's room again inside its write, against restarts staged in the same batch.
 *
 * Back-off: the first crash restarts at once (as a process manager does); the second crash in a
 * row waits 1 s, then 2 s, 4 s … at most 5 min; a run that lasted 10 min resets the count. The
 * crash count, the last failure and the restart time are durable (`pod_backoffs`, written in the
 * restart's own commit when there is no wait): a server restart continues the back-off where it was.
 *
 * A pod evicted by a NoExecute taint (reason `Evicted`) is never restarted on its node: a
 * service's pod goes back to the scheduler after its back-off (which grows as a crash's does, so
 * no pod loops), and a bare pod stays Failed whatever its restart policy — Kubernetes never
 * restarts an evicted pod; only its controller replaces it.
 */
import { addRequest, holdsCapacity, untoleratedTaints, ZERO, type Clock, type Logger } from '@stark/shared'
import { lastExit, lostWithNode, requeueInTx, wantsRestart, wasEvicted } from '../pods/restart-policy'
import { fits } from '../scheduler/plugins/resources-fit'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { WriteQueue } from '../state/write-queue'
import type { EventCategory, NodeRecord, PackRecord, PodRecord } from '../store/records'
import { countersRepo, type BackoffRow } from '../store/counters'
import { createWorkQueue, type ReconcileResult } from './work-queue'

export { lastExit, lostWithNode, NODE_GONE_REASONS, wantsRestart, wasEvicted } from '../pods/restart-policy'

export const RESTART_BACKOFF = { initialMs: 1000, maxMs: 5 * 60_000, resetAfterMs: 10 * 60_000 }

/** Pods reconciled at once; their writes share the write queue's batches. */
export const RESTART_CONCURRENCY = 64

/** Pure: the wait before restart after `crashes` crashes in a row (1-based): 0, then 1 s, 2 s, 4 s … 5 min. */
export function backoffDelay(crashes: number, o = RESTART_BACKOFF): number {
  if (crashes <= 1) return 0
  return Math.min(o.maxMs, o.initialMs * 2 ** Math.min(crashes - 2, 30))
}

/** Pure: the crash count after this run ended (a long healthy run starts it again). */
export function nextCrashCount(previous: number, p: PodRecord, o = RESTART_BACKOFF): number {
  const ran = p.startedAt !== null && p.finishedAt !== null ? p.finishedAt - p.startedAt : 0
  return ran >= o.resetAfterMs ? 1 : previous + 1
}

export type RestartWhere = 'here' | 'requeue' | 'wait-for-node'

/** Pure: where the restart happens: on its node if it is Ready and still takes the pod. */
export function restartWhere(
  p: PodRecord,
  node: NodeRecord | undefined,
  podsOnNode: readonly PodRecord[],
  pinned: boolean,
  pack: PackRecord | undefined,
): RestartWhere {
  const ready = node !== undefined && node.status === 'Ready'
  if (!ready) return pinned ? 'wait-for-node' : 'requeue'
  let allocated = { ...ZERO }
  const pods = new Map<string, PodRecord>()
  for (const q of podsOnNode) {
    if (q.id === p.id || q.nodeId !== node.id || !holdsCapacity(q.status)) continue
    allocated = addRequest(allocated, q.spec.resources)
    pods.set(q.id, q)
  }
  const room = pack ? fits({ pod: p, pack }, { node, allocated, pods }).ok : true
  const evicting = untoleratedTaints(node.taints, p.spec.tolerations, ['NoExecute']).length > 0
  if (room && !evicting && !wasEvicted(p)) return 'here'
  return pinned ? 'wait-for-node' : 'requeue'
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`)
export interface PodRestartDeps {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  /** After commit: send a restarted pod to its node. */
  assign(pod: PodRecord): void
  /** Back-off read back from the database at start (absent: none). */
  backoffs?: readonly BackoffRow[]
  defer?: (fn: () => void) => void
}

export function createPodRestarts(deps: PodRestartDeps) {
  const { state, writes, clock } = deps
  const crashes = new Map<string, { count: number; incarnation: number; restartAt: number }>()
  for (const b of deps.backoffs ?? [])
    crashes.set(b.podId, { count: b.crashes, incarnation: b.incarnation, restartAt: b.restartAt })
  const category = (p: PodRecord): EventCategory => (p.spec.service ? 'service' : 'pod')
  const event = (p: PodRecord) => ({
    category: category(p),
    resourceType: 'pod',
    resourceId: p.id,
    resourceName: p.name,
    namespace: p.namespace,
    ownerId: p.ownerId,
  })

  async function reconcile(id: string): Promise<ReconcileResult> {
    const pod = state.pods.get(id)
    if (!pod || pod.deletedAt !== null) {
      crashes.delete(id)
      return {}
    }
    if (!wantsRestart(pod)) return {}
    const node = pod.nodeId ? state.nodes.get(pod.nodeId) : undefined
    const pinned = pod.spec.service?.nodeId !== undefined
    const now = clock.now()
    const ready = node !== undefined && node.status === 'Ready'
    const gone = `node ${node?.name ?? 'unknown'} is ${node?.status ?? 'gone'}`

    let entry = crashes.get(id)
    // A crash restarted at once has its back-off row written with the restart (one commit).
    let unwritten: BackoffRow | undefined
    // Lost with its node: not the pod's fault, so no crash is counted; it goes back to the
    // scheduler once any back-off still running has passed (a DaemonSet pod waits for its node).
    if (!ready && lostWithNode(pod) && (!entry || entry.incarnation !== pod.incarnation)) {
      if (entry && now < entry.restartAt) return { requeueAfter: entry.restartAt - now }
      return pinned ? {} : requeueNow(pod, gone)
    }
    // Its own failure: the back-off governs the next incarnation wherever it is placed (a node
    // that is briefly not Ready, after a server start or a flap, does not skip it).
    if (!entry || entry.incarnation !== pod.incarnation) {
      const count = nextCrashCount(entry?.count ?? 0, pod)
      const delay = backoffDelay(count)
      const failedAt = pod.finishedAt ?? now
      entry = { count, incarnation: pod.incarnation, restartAt: failedAt + delay }
      crashes.set(id, entry)
      const row = { podId: id, crashes: count, incarnation: pod.incarnation, lastFailureAt: failedAt, restartAt: entry.restartAt }
      if (delay > 0 || now < entry.restartAt) await markBackOff(pod, delay, row)
      else unwritten = row
    }
    if (now < entry.restartAt) return { requeueAfter: entry.restartAt - now }
    if (!ready) return pinned ? persisted(unwritten) : requeueNow(pod, gone, unwritten)
    const where = restartWhere(pod, node, state.podsOnNode(node.id), pinned, state.packs.get(pod.packId))
    if (where === 'wait-for-node') return persisted(unwritten)
    if (where === 'requeue') return requeueNow(pod, `node ${node.name} can no longer hold it`, unwritten)
    // Another restart in the same batch may have taken the room: then look again.
    return (await restartHere(pod, pinned, unwritten)) ? {} : { requeueAfter: 0 }
  }

  /** Writes a back-off row that no restart carried (the pod waits for its node). */
  async function persisted(row: BackoffRow | undefined): Promise<ReconcileResult> {
    if (row) await writes.run((tx) => countersRepo.putBackoff(tx.sql, row))
    return {}
  }

  /** Persists the back-off, and says so on the pod unless it already does. */
  async function markBackOff(pod: PodRecord, delay: number, row: BackoffRow) {
    const message = `back-off ${seconds(delay)} restarting ${pod.status === 'Failed' ? 'failed' : 'exited'} pod (restart ${pod.restarts + 1}); last exit: ${lastExit(pod)}`
    await writes.run(async (tx) => {
      const p = tx.pod(pod.id)
      if (!p || p.incarnation !== pod.incarnation || !wantsRestart(p)) return
      await countersRepo.putBackoff(tx.sql, row)
      if (p.reason === 'CrashLoopBackOff') return
      tx.putPod({ ...p, reason: 'CrashLoopBackOff', message, updatedAt: tx.now })
      tx.history({
        podId: p.id,
        incarnation: p.incarnation,
        status: p.status,
        reason: 'CrashLoopBackOff',
        message,
        nodeId: p.nodeId,
      })
      tx.event({
        ...event(p),
        type: 'BackOff',
        severity: 'warning',
        previousState: p.status,
        newState: p.status,
        reason: 'CrashLoopBackOff',
        message,
      })
    })
  }

  /** Restarts the pod on its node; false when the node, as staged in this write, can no longer take it. */
  async function restartHere(pod: PodRecord, pinned: boolean, row?: BackoffRow): Promise<boolean> {
    return writes.run(async (tx) => {
      const p = tx.pod(pod.id)
      if (!p || p.incarnation !== pod.incarnation || !wantsRestart(p) || !p.nodeId) return true
      if (row) await countersRepo.putBackoff(tx.sql, row)
      const onNode = state.podsOnNode(p.nodeId).map((q) => tx.pod(q.id) ?? q)
      if (restartWhere(p, tx.node(p.nodeId), onNode, pinned, state.packs.get(p.packId)) !== 'here') return false
      const next: PodRecord = {
        ...p,
        status: 'Scheduled',
        incarnation: p.incarnation + 1,
        restarts: p.restarts + 1,
        reason: null,
        message: null,
        exitCode: null,
        scheduledAt: tx.now,
        startedAt: null,
        finishedAt: null,
        updatedAt: tx.now,
      }
      const message = `restarted on node ${state.nodes.get(p.nodeId)?.name ?? p.nodeId} (restart ${next.restarts}); last exit: ${lastExit(p)}`
      tx.putPod(next)
      tx.history({
        podId: next.id,
        incarnation: next.incarnation,
        status: 'Scheduled',
        reason: 'Restarted',
        message,
        nodeId: next.nodeId,
      })
      tx.event({
        ...event(p),
        type: 'PodRestarted',
        previousState: p.status,
        newState: 'Scheduled',
        reason: 'Restarted',
        message,
      })
      tx.after(() => deps.assign(next))
      return true
    })
  }

  async function requeueNow(pod: PodRecord, why: string, row?: BackoffRow): Promise<ReconcileResult> {
    await writes.run(async (tx) => {
      const p = tx.pod(pod.id)
      if (!p || p.incarnation !== pod.incarnation || !wantsRestart(p)) return
      if (row) await countersRepo.putBackoff(tx.sql, row)
      requeueInTx(tx, p, why)
    })
    return {}
  }

  const queue = createWorkQueue({
    name: 'pod-restarts',
    clock,
    log: deps.log,
    reconcile,
    concurrency: RESTART_CONCURRENCY,
    ...(deps.defer ? { defer: deps.defer } : {}),
  })
  let unwatch: (() => void) | undefined

  return {
    queue,
    reconcile,
    /** Consecutive crashes counted for a pod (0 when none). */
    crashCount: (podId: string) => crashes.get(podId)?.count ?? 0,
    start() {
      unwatch = watchChanges(state.changes, {
        // A DaemonSet pod waiting for its node restarts when the node is back.
        node(prev, next) {
          if (next?.status !== 'Ready' || prev?.status === 'Ready') return
          for (const p of state.podsOnNode(next.id)) if (wantsRestart(p)) queue.add(p.id)
        },
        pod(prev, next) {
          if (next && wantsRestart(next)) queue.add(next.id)
          else if (!next && prev && crashes.delete(prev.id)) {
            void writes.run((tx) => countersRepo.deleteBackoff(tx.sql, prev.id)).catch(() => {}) // a start drops any row left behind
          }
        },
      })
      for (const p of state.pods.values()) if (wantsRestart(p)) queue.add(p.id)
    },
    idle: () => queue.idle(),
    stop() {
      unwatch?.()
      queue.stop()
    },
  }
}
export type PodRestarts = ReturnType<typeof createPodRestarts>
