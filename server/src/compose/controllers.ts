/**
 * Every controller, built and started in one place: the scheduling loop, NoExecute evictions, node
 * health (with the mass-outage guard), removal of nodes Offline too long, garbage collection of
 * deleted pods (with log, event and session retention), the batched write of heartbeat times, the
 * service controller and crash-loop restarts.
 *
 * `start()` builds and starts them all and `stop()` stops them all, so whatever decides whether
 * this server runs controllers gates exactly these two calls. The views REST reads (node health,
 * scheduler depth) answer "nothing" while they are stopped.
 */
import type { Clock } from '@stark/shared'
import type { NodeHealthView } from '../controllers/mass-outage'
import { createNoExecuteController } from '../controllers/no-execute'
import { createNodeGc } from '../controllers/node-gc'
import { createNodeHealthController } from '../controllers/node-health'
import { createPodGc } from '../controllers/pod-gc'
import { createPodRestarts } from '../controllers/pod-restarts'
import { createTolerationClocks } from '../controllers/toleration-clocks'
import { createSchedulerCache } from '../scheduler/cache'
import { createSchedulingLoop } from '../scheduler/scheduling-loop'
import type { WeightedPlugin } from '../scheduler/types'
import type { Tx } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import { createServiceController } from '../services/service-controller'
import { eventsRepo } from '../store/events'
import { nodesRepo } from '../store/nodes'
import { sessionsRepo } from '../store/users'
import { lastSeenAnywhere } from '../cluster/server-cluster'
import type { ComposedOps } from './ops'
import type { Basics, ComposedState } from './state'

export interface ControllersDeps extends Basics, ComposedState {
  ops: ComposedOps
  /** Cuts a node's socket without a close handshake (a node that stopped answering). */
  disconnect(nodeId: string): void
  /** Closes a removed node's socket with the reason. */
  closeRemoved(nodeId: string): void
}

export function composeControllers(d: ControllersDeps) {
  // NoExecute toleration clocks outlive a stop and a restart (kept in store/counters.ts).
  const tolerationClocks = createTolerationClocks(d.counters.clocks)
  let plugins: readonly WeightedPlugin[] = d.ops.plugins
  let running: ReturnType<typeof startAll> | undefined

  function startAll(term: number | undefined) {
    const { db, state, clock, log, config, ops } = d
    // The leader's writes carry its term and are refused once another server leads (fencing).
    const writes = term === undefined ? d.writes : d.writes.asLeader(term)
    // A node held by another server is seen through the heartbeat times that server writes.
    const lastSeen = lastSeenAnywhere(state, (id) => ops.nodes.lastSeen(id))
    const scheduler = createSchedulingLoop({
      state,
      writes,
      cache: createSchedulerCache(state),
      plugins,
      rng: d.rng,
      clock,
      log: log.child({ component: 'scheduler' }),
      onBound: ops.assign,
      onEvicted: ops.stopRun,
      tolerationClocks,
      onDecision: (decision) => d.metrics.schedulingDecision(decision),
      quota: ops.namespaces.quotaGate,
      term,
    })
    const noExecute = createNoExecuteController({
      state,
      writes,
      clock,
      log: log.child({ component: 'no-execute' }),
      clocks: tolerationClocks,
      onEvicted: ops.stopRun,
    })
    const health = createNodeHealthController({
      state,
      writes,
      clock,
      log: log.child({ component: 'node-health' }),
      lastSeen,
      disconnect: d.disconnect,
      // Nodes that were Ready before this server started: the start-up grace covers them.
      readyBeforeStart: d.loaded.demoted.map((n) => n.id),
      options: config.nodeHealth,
    })
    const nodeGc = createNodeGc({
      state,
      writes,
      clock,
      log: log.child({ component: 'node-gc' }),
      disconnect: d.closeRemoved,
      options: config.nodeGc,
    })
    const { retention } = config
    const podGc = createPodGc({
      state,
      writes,
      clock,
      log,
      retainDeletedMs: config.retainDeletedPodsMs,
      onSweep: async () => {
        await d.logs.prune()
        await eventsRepo.prune(db, clock.now() - retention.eventsMaxAgeMs, retention.eventsMaxCount)
        await eventsRepo.pruneAudit(db, clock.now() - retention.auditMaxAgeMs, retention.auditMaxCount)
        await sessionsRepo.deleteExpired(db, clock.now())
      },
    })
    const services = createServiceController({
      state,
      services: ops.services.store,
      readiness: ops.services.readiness,
      ready: ops.services.ready,
      failures: ops.services.failures,
      writes,
      bus: d.bus,
      plugins,
      clock,
      rng: d.rng,
      log: log.child({ component: 'services' }),
      newId: ops.newId,
      stop: ops.stopRun,
    })
    const restarts = createPodRestarts({
      state,
      writes,
      clock,
      log: log.child({ component: 'pod-restarts' }),
      assign: ops.assign,
      backoffs: d.counters.backoffs,
    })
    // Heartbeats stay in memory; their times are written now and then, not one write per beat.
    let beatsTimer: ReturnType<Clock['setTimeout']> | undefined
    const persistBeats = () => {
      const beats = [...state.nodes.values()].flatMap((n) => {
        const at = lastSeen(n.id)
        return at && at !== n.lastHeartbeatAt ? [{ id: n.id, at }] : []
      })
      if (beats.length) void nodesRepo.touchHeartbeats(db, beats).catch(() => {})
      beatsTimer = clock.setTimeout(persistBeats, 30_000)
    }

    for (const c of [health, podGc, nodeGc, noExecute, services, restarts]) c.start()
    beatsTimer = clock.setTimeout(persistBeats, 30_000)
    return {
      scheduler,
      health,
      /** Resolves once the scheduler and the work-queue controllers have nothing to do (tests, benchmarks). */
      idle: async () => {
        await Promise.all([scheduler.idle(), services.idle(), restarts.idle()])
      },
      stop() {
        beatsTimer?.cancel()
        for (const c of [health, podGc, nodeGc, noExecute, restarts, services, scheduler]) c.stop()
      },
    }
  }

  const health: NodeHealthView = {
    massOutage: () => running?.health.massOutage() ?? null,
    resumeEvictions: async (actorId) => (await running?.health.resumeEvictions(actorId)) ?? false,
  }

  return {
    /** Builds and starts every controller (writing with the leader `term`, if given); a second call while they run does nothing. */
    start(term?: number) {
      running ??= startAll(term)
    },
    /** Stops every controller; `start()` builds them afresh. */
    stop() {
      running?.stop()
      running = undefined
    },
    get running() {
      return running !== undefined
    },
    /** The node-health controller's view: the mass-outage guard, and resuming evictions. */
    health,
    /** Pods waiting for the scheduler, and pods parked as unschedulable. */
    schedulerDepth: () => running?.scheduler.depth ?? { active: 0, unschedulable: 0 },
    /** A changed scoring profile, from the next decision on. */
    setPlugins(next: readonly WeightedPlugin[]) {
      plugins = next
      running?.scheduler.setPlugins(next)
    },
    idle: () => running?.idle() ?? Promise.resolve(),
    /** While this server leads: its scheduler binds a new pod in the write creating it, when a node fits (pod-ops.ts). */
    placement: {
      place: (tx: Tx, pod: PodRecord) => running?.scheduler.placeAtCreate(tx, pod) ?? Promise.resolve(undefined),
      forget: (podId: string) => running?.scheduler.forgetPlacement(podId),
    },
  }
}

export type Controllers = ReturnType<typeof composeControllers>
