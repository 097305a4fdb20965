/**
 * Node liveness. A node with no sign of life (a message or a pong) for `notReadyAfterMs` becomes
 * NotReady and its socket is dropped; a clean socket close makes it NotReady at once (node-service).
 * After `offlineAfterMs` of silence it is Offline.
 *
 * Pods bound to a node that has been NotReady for `evictAfterMs` are marked lost (Failed, reason
 * NodeLost), so their service replaces them and bare pods follow their restart policy; Stopping
 * pods there count as Stopped. A pod may stay longer by tolerating the `stark.io/unreachable`
 * NoExecute taint (for `tolerationSeconds`, or for ever without it). Evictions pause for
 * `startupGraceMs` after the server starts (agents are reconnecting) and while more than
 * `massOutageRatio` of the nodes are down at once (the server is probably the one cut off).
 */
import { tolerates, type Clock, type Logger, type Taint } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { applyReport } from '../pods/pod-reports'

export interface NodeHealthOptions {
  checkEveryMs: number
  notReadyAfterMs: number
  offlineAfterMs: number
  evictAfterMs: number
  startupGraceMs: number
  massOutageRatio: number
}

export const DEFAULT_NODE_HEALTH: NodeHealthOptions = {
  checkEveryMs: 250,
  notReadyAfterMs: 10_000,
  offlineAfterMs: 60_000,
  evictAfterMs: 500,
  startupGraceMs: 30_000,
  massOutageRatio: 0.5,
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
    (p) => (p.status === 'Scheduled' || p.status === 'Running' || p.status === 'Stopping') && now - since >= (p.status === 'Stopping' ? defaultMs : evictionDelayMs(p, defaultMs)),
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
  options?: Partial<NodeHealthOptions>
}

export function createNodeHealthController(deps: NodeHealthDeps) {
  const o = { ...DEFAULT_NODE_HEALTH, ...deps.options }
  const { state, writes, clock, log } = deps
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false
  const startedAt = clock.now()
  let paused = false
  // When each node stopped being Ready (in memory; a restart starts the count again, after the grace).
  const notReadySince = new Map<string, number>()
  for (const n of state.nodes.values()) if (n.status !== 'Ready') notReadySince.set(n.id, startedAt)
  const offNodes = state.onNodeChange((prev, next) => {
    if (!next) return void (prev && notReadySince.delete(prev.id))
    if (next.status === 'Ready') notReadySince.delete(next.id)
    else if (!notReadySince.has(next.id)) notReadySince.set(next.id, clock.now())
  })

  /**
   * Evictions pause during the start-up grace and during a mass outage: more than
   * `massOutageRatio` of the nodes dropping within one grace period of each other (nodes long
   * gone do not count). The outage lasts until enough of the nodes it caught are back.
   */
  let outageNodes: Set<string> | undefined
  async function evictionsAllowed(now: number): Promise<boolean> {
    if (now - startedAt < o.startupGraceMs) return false
    const window = o.notReadyAfterMs + o.evictAfterMs
    const down = (id: string) => state.nodes.get(id)?.status !== 'Ready'
    let outage: boolean
    if (outageNodes) {
      const stillDown = [...outageNodes].filter(down).length
      outage = stillDown / outageNodes.size > o.massOutageRatio
    } else {
      const considered = [...state.nodes.values()].filter((n) => n.status === 'Ready' || now - (notReadySince.get(n.id) ?? now) <= window)
      const dropped = considered.filter((n) => n.status !== 'Ready')
      outage = considered.length >= 3 && dropped.length / considered.length > o.massOutageRatio
      if (outage) outageNodes = new Set(considered.map((n) => n.id))
    }
    if (outage !== paused) {
      paused = outage
      const total = outageNodes?.size ?? 0
      const stillDown = outageNodes ? [...outageNodes].filter(down).length : 0
      if (!outage) outageNodes = undefined
      await writes
        .run((tx) =>
          tx.event({
            type: outage ? 'EvictionsPaused' : 'EvictionsResumed',
            category: 'system',
            severity: outage ? 'warning' : 'info',
            reason: outage ? 'MassNodeOutage' : 'NodesRecovered',
            message: outage
              ? `${stillDown} of ${total} nodes dropped at once; the server may be the one cut off, so their pods are not evicted`
              : `${total - stillDown} of ${total} nodes are back; evictions resume`,
          }),
        )
        .catch(() => {})
    }
    return !outage
  }

  async function check() {
    const now = clock.now()
    const mayEvict = await evictionsAllowed(now)
    for (const node of state.nodes.values()) {
      const verdict = classifyNode(node, deps.lastSeen(node.id), now, o)
      const since = notReadySince.get(node.id)
      const due = mayEvict && since !== undefined ? podsToEvict(state.podsOnNode(node.id), since, now, o.evictAfterMs) : []
      const statusChange = (verdict === 'offline' && node.status !== 'Offline') || (verdict === 'not-ready' && node.status === 'Ready')
      if (!statusChange && due.length === 0) continue
      if (verdict === 'not-ready') deps.disconnect(node.id)
      await writes
        .run((tx) => {
          const current = tx.node(node.id)
          if (!current) return
          const status = verdict === 'offline' ? 'Offline' : verdict === 'not-ready' ? 'NotReady' : current.status
          if (status !== current.status) {
            tx.putNode({ ...current, status, updatedAt: tx.now, connectedAt: null })
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
              applyReport(tx, p, { status: 'Failed', reason: 'NodeLost', message: `node ${node.name} is ${status} (unreachable for ${Math.round((now - (since ?? now)) / 1000)} s)` }, () => {})
            }
          }
        })
        .catch((error: unknown) => log.warn('node health update failed', { node: node.name, error: String(error) }))
    }
  }

  function loop() {
    if (stopped) return
    timer = clock.setTimeout(() => {
      void check().finally(loop)
    }, o.checkEveryMs)
  }

  return {
    options: o,
    check,
    start: loop,
    stop() {
      stopped = true
      timer?.cancel()
      offNodes()
    },
  }
}
