/**
 * The store and the state: reads the working set and the durable counters, and builds the
 * in-memory cluster state, the events bus, the one write path, the pod log store and the usage
 * store. Nodes that were Ready come back NotReady, written at once (none is connected yet).
 */
import type { Clock, Logger, Rng } from '@stark/shared'
import type { ServerConfig } from '../config'
import type { SqlClient } from '../db/sql'
import { createEventRecorder, DEFAULT_EVENT_RECORDER } from '../events/event-recorder'
import type { RequestContext } from '../http/request-context'
import type { Metrics } from '../metrics/metrics'
import { createUsageStore } from '../metrics/usage-store'
import { createLogStore, DEFAULT_LOG_STORE } from '../pods/log-store'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue } from '../state/write-queue'
import { countersRepo } from '../store/counters'
import { othersAlive } from '../cluster/cluster-tables'
import { loadWorkingSet } from './load-working-set'

/** What every part of the composition gets: the configuration and the process-wide services. */
export interface Basics {
  config: ServerConfig
  db: SqlClient
  clock: Clock
  rng: Rng
  log: Logger
  metrics: Metrics
  requestContext: RequestContext
  /** This server's id among the servers on one database. */
  serverId: string
}

export async function composeState(b: Basics) {
  const { db, clock, log, metrics, config } = b
  const loaded = await loadWorkingSet(db, clock)
  // Back-off, NoExecute toleration clocks and rollout failures survive a restart (store/counters.ts).
  const counters = await countersRepo.load(db)
  const state = createClusterState({ users: loaded.users, packs: loaded.packs, nodes: loaded.nodes, pods: loaded.pods })
  const bus = createEventBus()
  const writes = createWriteQueue({
    db,
    state,
    bus,
    clock,
    log,
    // A batch runs outside the request that happened to schedule it (its logs are not that request's).
    defer: (fn) => b.requestContext.detached(() => void setImmediate(fn)),
    correlationId: b.requestContext.requestId,
    onCommit: (c) => metrics.commit(c),
    guardStale: Boolean(config.databaseUrl),
    events: createEventRecorder(DEFAULT_EVENT_RECORDER, { onFolded: (outcome, count) => metrics.eventsFolded(outcome, count) }),
  })
  bus.subscribe((e, remote) => remote || metrics.event(e))
  const logs = createLogStore(db, clock, log, {
    ...DEFAULT_LOG_STORE,
    maxLinesPerSecond: config.retention.podLogsMaxLinesPerSecond,
    keepPerPod: config.retention.podLogsMaxLines,
    keepBytesPerPod: config.retention.podLogsMaxBytes,
    keepMs: config.retention.podLogsMaxAgeMs,
    onLines: (outcome, count) => metrics.podLogLines(outcome, count),
  })
  const usage = createUsageStore(state, clock, { staleAfterMs: 3 * (config.heartbeatIntervalMs + 1000) })
  // Nodes held by other servers still running are theirs: only a server alone on its database demotes them.
  if (loaded.demoted.length && !(config.databaseUrl && (await othersAlive(db, b.serverId)))) {
    await writes.run((tx) => {
      for (const n of loaded.demoted) tx.putNode(n)
    })
  }
  return { loaded, counters, state, bus, writes, logs, usage }
}

export type ComposedState = Awaited<ReturnType<typeof composeState>>
