/**
 * Node liveness. A node with no sign of life (a message or a pong) for `notReadyAfterMs` becomes
 * NotReady and its socket is dropped; a clean socket close makes it NotReady at once (node-ops).
 * After `offlineAfterMs` of silence it is Offline.
 *
 * Pods bound to a node that has been NotReady for `evictAfterMs` are marked lost (Failed, reason
 * NodeLost) and, in the same write, go back to the scheduler when their restart policy wants them
 * run again (restart-policy.ts; DaemonSet pods wait for their node); Stopping
 * pods there count as Stopped (a check runs when that delay ends, not only every `checkEveryMs`).
 * A pod may stay longer by tolerating the `stark.io/unreachable` NoExecute taint (for
 * `tolerationSeconds`, or for ever without it).
 *
 * The start-up grace (`startupGraceMs`) spares only nodes that were Ready before this server
 * started and have not reconnected yet; a node that registered with this server and then closed its
 * socket or fell silent is handled at once. Nodes that left on purpose (node:leave) had their pods
 * ended already. Evictions pause during a mass outage (mass-outage.ts), which can never latch.
 */
import { tolerates, type Clock, type Logger, type Taint } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { applyReport } from '../pods/pod-reports'
import { requeueLostInTx } from '../pods/restart-policy'
import { createMassOutageGuard, type NodeHealthView, type OutageChange } from './mass-outage'

export interface NodeHealthOptions {
  /**
   * How often every node's silence is checked (default: a tenth of `notReadyAfterMs`, at most 1 s;
   * an eviction delay ending is checked at its own time). Each check walks every node: at 10,000
   * nodes, every 250 ms took a tenth of a core.
   */
  checkEveryMs: number
  notReadyAfterMs: number
  offlineAfterMs: number
  evictAfterMs: number
  startupGraceMs: number
  massOutageRatio: number
  /** A mass outage ends when no node has dropped for this long (and some node is up). */
  massOutageStableMs: number
  /** A mass outage ends after this long in any case. */
  massOutageMaxMs: number
}

/** A tenth of the silence that makes a node NotReady, between 50 ms and 1 s. */
export const checkPeriodFor = (notReadyAfterMs: number) => Math.min(1000, Math.max(50, Math.round(notReadyAfterMs / 10)))

export const DEFAULT_NODE_HEALTH: NodeHealthOptions = {
  checkEveryMs: 1000,
  notReadyAfterMs: 10_000,
  offlineAfterMs: 60_000,
  evictAfterMs: 500,
  startupGraceMs: 30_000,
  massOutageRatio: 0.5,
  massOutageStableMs: 30_000,
  massOutageMaxMs: 120_000,
}

/** The taint a pod tolerates to stay on an unreachable node (Kubernetes: node.kubernetes.io/unreachable). */
export const UNREACHABLE_TAINT: Taint = { key: 'stark.io/unreachable', effect: 'NoExecute' }

export type Verdict = 'ok' | 'not-ready' | 'offline'

/** Pure: what a node's silence means now. */
export function classifyNode(node: NodeRecord, lastSeen: number | undefined, now: number, o: NodeHealthOptions): Verdict {
  const silentFor = now - (lastSeen ?? node.lastHeartbeatAt ?? node.updatedAt)
  if (silentFor >= o.offlineAfterMs && node.status !== 'Ready') return 'offline'
  if (silentFor >= o.notReadyAfterMs && node.status === 'Ready') return 'not-ready'
  return 'ok'
}

/** How long a pod may stay on an unreachable node: its toleration, else the default delay. */
export function evictionDelayMs(pod: PodRecord, defaultMs: number): number {
  const matching = pod.spec.tolerations.filter((t) => tolerates(t, UNREACHABLE_TAINT))
  if (matching.length === 0) return defaultMs
  const seconds = matching.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined)
  return seconds.length === 0 ? Infinity : Math.max(defaultMs, Math.min(...seconds) * 1000)
}

/** Pure: the pods of a node NotReady since `since` that are due to be given up now. */
export function podsToEvict(pods: readonly PodRecord[], since: number, now: number, defaultMs: number): PodRecord[] {
  return pods.filter(
    (p) =>
      (p.status === 'Scheduled' || p.status === 'Running' || p.status === 'Stopping') &&
      now - since >= (p.status === 'Stopping' ? defaultMs : evictionDelayMs(p, defaultMs)),
  )
}

export interface NodeHealthDeps {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  lastSeen(nodeId: string): number | undefined
  /** Drops a node's socket (it stopped answering). */
  disconnect(nodeId: string): void
  /** Nodes that were Ready before this server started: the start-up grace covers them until they return. */
  readyBeforeStart?: Iterable<string>
  options?: Partial<NodeHealthOptions>
}

export function createNodeHealthController(deps: NodeHealthDeps) {
  const o = { ...DEFAULT_NODE_HEALTH, ...deps.options }
  if (deps.options?.checkEveryMs === undefined) o.checkEveryMs = checkPeriodFor(o.notReadyAfterMs)
  const { state, writes, clock, log } = deps
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false
  const startedAt = clock.now()
  // When each node stopped being Ready. A node already down when this server starts has been down
  // at least since its row last changed (the change that took it out of Ready, or a later one), so
  // its pods' tolerations of being unreachable keep counting across a restart instead of starting over.
  const notReadySince = new Map<string, number>()
  for (const n of state.nodes.values()) if (n.status !== 'Ready') notReadySince.set(n.id, Math.min(startedAt, n.updatedAt))
  // The start-up grace covers only nodes that were Ready before this server started and have not come back yet.
  const inGrace = new Set(deps.readyBeforeStart ?? [])
  const guard = createMassOutageGuard({
    ratio: o.massOutageRatio,
    windowMs: o.notReadyAfterMs + o.evictAfterMs,
    stableMs: o.massOutageStableMs,
    maxMs: o.massOutageMaxMs,
  })
  // Woken by the state's node changes: when each node stopped being Ready, and drops for the guard.
  const unwatch = watchChanges(state.changes, {
    node(prev, next) {
      if (!next) return void (prev && (notReadySince.delete(prev.id), inGrace.delete(prev.id)))
      if (next.status === 'Ready') {
        notReadySince.delete(next.id)
        inGrace.delete(next.id)
      } else if (!notReadySince.has(next.id)) {
        notReadySince.set(next.id, clock.now())
        if (prev?.status === 'Ready' && next.statusReason !== 'Left') guard.noteDrop(clock.now())
        // Its pods are due when the eviction delay ends, not at the next round after it.
        wake(clock.now() + o.evictAfterMs)
      }
    },
  })
  const graceHolds = (id: string, now: number) => inGrace.has(id) && now - startedAt < o.startupGraceMs

  async function record(change: OutageChange | undefined, actorId?: string) {
    if (!change) return
    const { outage } = change
    const started = change.kind === 'started'
    if (started) log.warn('mass node outage: evictions paused', { nodesDown: outage.nodesDown, of: outage.nodes.length })
    else log.info('evictions resume', { reason: change.reason })
    const why: Record<string, string> = {
      NodesRecovered: `${outage.nodes.length - outage.nodesDown.length} of ${outage.nodes.length} nodes are back`,
      NodesStable: `no node dropped for ${Math.round(o.massOutageStableMs / 1000)} s`,
      TimeLimit: `the pause reached its limit of ${Math.round(o.massOutageMaxMs / 1000)} s`,
      ResumedByAdmin: 'an admin resumed evictions',
    }
    await writes
      .run((tx) =>
        tx.event({
          type: started ? 'EvictionsPaused' : 'EvictionsResumed',
          category: 'system',
          severity: started ? 'warning' : 'info',
          reason: started ? 'MassNodeOutage' : change.reason,
          actorId: actorId ?? null,
          message: started
            ? `${outage.nodesDown.length} of ${outage.nodes.length} nodes dropped at once (${outage.nodesDown.slice(0, 20).join(', ')}); the server may be the one cut off, so their pods are not evicted for up to ${Math.round(o.massOutageMaxMs / 1000)} s`
            : `${why[change.reason]}; evictions resume`,
        }),
      )
      .catch(() => {})
  }

  /**
   * Evictions pause during a mass outage (mass-outage.ts); the start-up grace is per node.
   */
  async function evictionsAllowed(now: number): Promise<boolean> {
    for (const id of inGrace) if (!graceHolds(id, now)) inGrace.delete(id)
    await record(
      guard.update({
        now,
        nodes: state.nodes,
        notReadySince: (id) => notReadySince.get(id),
        ignored: (id) => graceHolds(id, now),
      }),
    )
    return !guard.active
  }

  async function check() {
    const now = clock.now()
    const mayEvict = await evictionsAllowed(now)
    for (const node of state.nodes.values()) {
      const verdict = classifyNode(node, deps.lastSeen(node.id), now, o)
      const since = notReadySince.get(node.id)
      const due =
        mayEvict && since !== undefined && !graceHolds(node.id, now)
          ? podsToEvict(state.podsOnNode(node.id), since, now, o.evictAfterMs)
          : []
      const statusChange =
        (verdict === 'offline' && node.status !== 'Offline') || (verdict === 'not-ready' && node.status === 'Ready')
      if (!statusChange && due.length === 0) continue
      if (verdict === 'not-ready') deps.disconnect(node.id)
      await writes
        .run((tx) => {
          const current = tx.node(node.id)
          if (!current) return
          const status = verdict === 'offline' ? 'Offline' : verdict === 'not-ready' ? 'NotReady' : current.status
          if (status !== current.status) {
            tx.putNode({ ...current, status, statusReason: 'NodeSilent', updatedAt: tx.now, connectedAt: null })
            tx.event({
              type: `Node${status}`,
              category: 'node',
              severity: 'warning',
              resourceType: 'node',
              resourceId: node.id,
              resourceName: node.name,
              ownerId: node.ownerId,
              previousState: current.status,
              newState: status,
              reason: 'NodeSilent',
              message: `no sign of life for ${Math.round((now - (deps.lastSeen(node.id) ?? now)) / 1000)} s`,
            })
          }
          for (const pod of due) {
            const p = tx.pod(pod.id)
            if (!p || p.nodeId !== node.id || p.incarnation !== pod.incarnation) continue
            if (p.status === 'Stopping') applyReport(tx, p, { status: 'Stopped' }, () => {})
            else if (p.status === 'Scheduled' || p.status === 'Running') {
              const lost = applyReport(
                tx,
                p,
                {
                  status: 'Failed',
                  reason: 'NodeLost',
                  message: `node ${node.name} is ${status} (unreachable for ${Math.round((now - (since ?? now)) / 1000)} s)`,
                },
                () => {},
              )
              requeueLostInTx(tx, lost, `node ${node.name} is ${status}`)
            }
          }
        })
        .catch((error: unknown) => log.warn('node health update failed', { node: node.name, error: String(error) }))
    }
  }

  // A check runs every `checkEveryMs`, and also exactly when an eviction delay ends (`wake`).
  const wakes = new Set<number>()
  let nextAt = Infinity
  let checking = false
  function arm(at: number) {
    if (stopped || (timer && at >= nextAt)) return
    timer?.cancel()
    nextAt = at
    timer = clock.setTimeout(run, Math.max(0, at - clock.now()))
  }
  function run() {
    timer = undefined
    nextAt = Infinity
    checking = true
    const from = clock.now()
    void check().finally(() => {
      checking = false
      let at = clock.now() + o.checkEveryMs
      for (const w of wakes) {
        if (w <= from) wakes.delete(w)
        else at = Math.min(at, w)
      }
      arm(at)
    })
  }
  function wake(at: number) {
    wakes.add(at)
    if (!checking) arm(at)
  }

  const viewOf: NodeHealthView = {
    massOutage: () => guard.view(state.nodes),
    async resumeEvictions(actorId) {
      const change = guard.resume(state.nodes, clock.now())
      await record(change, actorId)
      return change !== undefined
    },
  }

  return {
    options: o,
    ...viewOf,
    check,
    start: () => arm(clock.now() + o.checkEveryMs),
    stop() {
      stopped = true
      timer?.cancel()
      unwatch()
    },
  }
}
