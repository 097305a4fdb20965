/**
 * The periodic controllers that are not driven by a work queue: node health, removal of nodes
 * Offline too long, garbage collection of deleted pods (with log, event and session retention) and the batched write of heartbeat times.
 */
import type { Clock, Logger } from '@stark/shared'
import type { ServerConfig } from '../config'
import { createNodeHealthController } from '../controllers/node-health'
import { createPodGc } from '../controllers/pod-gc'
import { createNodeGc } from '../controllers/node-gc'
import type { SqlClient } from '../db/sql'
import type { LogStore } from '../pods/log-store'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { eventsRepo } from '../store/events'
import { nodesRepo } from '../store/nodes'
import { sessionsRepo } from '../store/users'

export interface HousekeepingDeps {
  db: SqlClient
  state: ClusterState
  writes: WriteQueue
  logs: LogStore
  clock: Clock
  log: Logger
  config: ServerConfig
  lastSeen(nodeId: string): number | undefined
  disconnect(nodeId: string): void
  /** Closes a removed node's socket. */
  closeRemoved(nodeId: string): void
  /** Nodes that were Ready before this server started (the start-up grace covers them). */
  readyBeforeStart: string[]
}

export function createHousekeeping(d: HousekeepingDeps) {
  const { db, state, clock, config } = d
  const health = createNodeHealthController({
    state,
    writes: d.writes,
    clock,
    log: d.log.child({ component: 'node-health' }),
    lastSeen: d.lastSeen,
    disconnect: d.disconnect,
    readyBeforeStart: d.readyBeforeStart,
    options: config.nodeHealth,
  })
  const nodeGc = createNodeGc({
    state,
    writes: d.writes,
    clock,
    log: d.log.child({ component: 'node-gc' }),
    disconnect: d.closeRemoved,
    options: config.nodeGc,
  })
  const gc = createPodGc({
    state,
    writes: d.writes,
    clock,
    log: d.log,
    retainDeletedMs: config.retainDeletedPodsMs,
    onSweep: async () => {
      await d.logs.prune()
      await eventsRepo.prune(db, clock.now() - config.retention.eventsMaxAgeMs, config.retention.eventsMaxCount)
      await eventsRepo.pruneAudit(db, clock.now() - config.retention.auditMaxAgeMs, config.retention.auditMaxCount)
      await sessionsRepo.deleteExpired(db, clock.now())
    },
  })
  // Heartbeats stay in memory; their times are written now and then, not one write per beat.
  let beatsTimer: ReturnType<Clock['setTimeout']> | undefined
  const persistBeats = () => {
    const beats = [...state.nodes.values()].flatMap((n) => {
      const at = d.lastSeen(n.id)
      return at && at !== n.lastHeartbeatAt ? [{ id: n.id, at }] : []
    })
    if (beats.length) void nodesRepo.touchHeartbeats(db, beats).catch(() => {})
    beatsTimer = clock.setTimeout(persistBeats, 30_000)
  }
  return {
    health,
    start() {
      health.start()
      gc.start()
      nodeGc.start()
      beatsTimer = clock.setTimeout(persistBeats, 30_000)
    },
    stop() {
      health.stop()
      gc.stop()
      nodeGc.stop()
      beatsTimer?.cancel()
    },
  }
}
