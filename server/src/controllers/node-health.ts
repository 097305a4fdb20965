/**
 * Node liveness. A node with no sign of life (message or pong) for `notReadyAfterMs` becomes
 * NotReady and its socket is dropped; after `offlineAfterMs` it is Offline. Pods bound to a node
 * that has been NotReady for `evictAfterMs` are marked lost (Failed, reason NodeLost), so their
 * owners replace them; Stopping pods there count as Stopped.
 */
import type { Clock, Logger } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord } from '../store/records'
import { applyReport } from '../pods/pod-reports'

export interface NodeHealthOptions {
  checkEveryMs: number
  notReadyAfterMs: number
  offlineAfterMs: number
  evictAfterMs: number
  /** After the server starts, nodes get this long to reconnect before their pods are evicted. */
  startupGraceMs: number
  /** When more than this share of nodes is down at once, the server is probably the one cut off: evictions pause. */
  massOutageRatio: number
}

export const DEFAULT_NODE_HEALTH: NodeHealthOptions = {
  checkEveryMs: 1000,
  notReadyAfterMs: 10_000,
  offlineAfterMs: 60_000,
  evictAfterMs: 1000,
  startupGraceMs: 30_000,
  massOutageRatio: 0.5,
}

export type Verdict = 'ok' | 'not-ready' | 'offline'

/** Pure: what a node's silence means now. */
export function classifyNode(node: NodeRecord, lastSeen: number | undefined, now: number, o: NodeHealthOptions): Verdict {
  const silentFor = now - (lastSeen ?? node.lastHeartbeatAt ?? node.updatedAt)
  if (silentFor >= o.offlineAfterMs) return 'offline'
  if (node.status === 'Ready' && silentFor >= o.notReadyAfterMs) return 'not-ready'
  return 'ok'
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

  /** Evictions pause during the start-up grace and during a mass outage (with an event, once). */
  async function evictionsAllowed(now: number): Promise<boolean> {
    if (now - startedAt < o.startupGraceMs) return false
    const all = [...state.nodes.values()].filter((n) => n.status !== 'Offline' || now - n.updatedAt < o.offlineAfterMs * 2)
    const down = all.filter((n) => n.status !== 'Ready').length
    const outage = all.length >= 3 && down / all.length > o.massOutageRatio
    if (outage !== paused) {
      paused = outage
      await writes
        .run((tx) =>
          tx.event({
            type: outage ? 'EvictionsPaused' : 'EvictionsResumed',
            category: 'system',
            severity: outage ? 'warning' : 'info',
            reason: outage ? 'MassNodeOutage' : 'NodesRecovered',
            message: outage
              ? `${down} of ${all.length} nodes are down at once; the server may be the one cut off, so their pods are not evicted`
              : `${all.length - down} of ${all.length} nodes are ready again; evictions resume`,
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
      const notReadySince = node.status === 'Ready' ? undefined : node.updatedAt
      const evict = mayEvict && node.status !== 'Ready' && notReadySince !== undefined && now - notReadySince >= o.evictAfterMs
      const hasBoundPods = state.podsOnNode(node.id).some((p) => p.status === 'Scheduled' || p.status === 'Running' || p.status === 'Stopping')
      const statusChange = (verdict === 'offline' && node.status !== 'Offline') || (verdict === 'not-ready' && node.status === 'Ready')
      if (!statusChange && !(evict && hasBoundPods)) continue
      if (verdict === 'not-ready') deps.disconnect(node.id)
      await writes
        .run((tx) => {
          const current = tx.node(node.id)
          if (!current) return
          let next = current
          const status = verdict === 'offline' ? 'Offline' : verdict === 'not-ready' ? 'NotReady' : current.status
          if (status !== current.status && !(status === 'NotReady' && current.status === 'Offline')) {
            next = { ...current, status, updatedAt: tx.now, connectedAt: null }
            tx.putNode(next)
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
              message: `no heartbeat for ${Math.round((now - (deps.lastSeen(node.id) ?? now)) / 1000)} s`,
            })
          }
          if (evict) {
            for (const pod of state.podsOnNode(node.id)) {
              const p = tx.pod(pod.id)
              if (!p || p.nodeId !== node.id) continue
              if (p.status === 'Stopping') applyReport(tx, p, { status: 'Stopped' }, () => {})
              else if (p.status === 'Scheduled' || p.status === 'Running') {
                applyReport(tx, p, { status: 'Failed', reason: 'NodeLost', message: `node ${node.name} is ${next.status}` }, () => {})
              }
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
    },
  }
}
