/**
 * The composition root's part for services, pod restarts and pod rollback: loads the services,
 * builds their controller, the restart controller and the rollback command with real
 * dependencies, and starts/stops them with the server.
 */
import type { Clock, Logger, Rng } from '@stark/shared'
import { createPodRestarts } from '../controllers/pod-restarts'
import type { SqlClient } from '../db/sql'
import type { LogStore } from '../pods/log-store'
import { podAssignment } from '../pods/pod-assignment'
import { createPodRollback } from '../pods/pod-rollback'
import type { PodOps } from '../pods/pod-ops'
import type { WeightedPlugin } from '../scheduler/types'
import type { ClusterState } from '../state/cluster-state'
import type { EventBus } from '../state/event-bus'
import type { WriteQueue } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import type { BackoffRow, RolloutFailureRow } from '../store/counters'
import { servicesRepo } from '../store/services'
import type { NodeConnections } from '../ws/node-connections'
import { createServices } from './services'

export interface ServicesWiringDeps {
  db: SqlClient
  state: ClusterState
  writes: WriteQueue
  /** Writes of the controllers (service controller, restarts): the leader's, fenced by its term. */
  controllerWrites?: WriteQueue
  bus: EventBus
  logs: Pick<LogStore, 'follow'>
  /** The pod operations (read late: it may be built after this). */
  pods: () => Pick<PodOps, 'resolvePack' | 'find'>
  resolvePriorityClass(name: string): number
  plugins: readonly WeightedPlugin[]
  connections: NodeConnections
  clock: Clock
  rng: Rng
  log: Logger
  newId(): string
  stopGracePeriodMs: number
  /** Durable counters read at start (back-off, rollout failures). */
  counters?: { backoffs: readonly BackoffRow[]; rollouts: readonly RolloutFailureRow[] }
  /** Most replicas one user's services may ask for together. */
  maxReplicasPerUser?: number | undefined
}

export async function wireServices(deps: ServicesWiringDeps) {
  const { state, connections } = deps
  const assign = (pod: PodRecord) => {
    const a = podAssignment(pod, state)
    if (a && pod.nodeId) connections.send(pod.nodeId, 'pod:assign', { pod: a })
  }
  const stop = (pod: PodRecord, reason: string) => {
    if (pod.nodeId)
      connections.send(pod.nodeId, 'pod:stop', {
        podId: pod.id,
        incarnation: pod.incarnation,
        reason,
        gracePeriodMs: deps.stopGracePeriodMs,
      })
  }
  const services = createServices({
    ...deps,
    pods: { resolvePack: (...a) => deps.pods().resolvePack(...a) },
    log: deps.log.child({ component: 'services' }),
    stop,
    initial: await servicesRepo.list(deps.db),
    rolloutFailures: deps.counters?.rollouts ?? [],
  })
  const restarts = createPodRestarts({
    state,
    writes: deps.controllerWrites ?? deps.writes,
    clock: deps.clock,
    log: deps.log.child({ component: 'pod-restarts' }),
    assign,
    backoffs: deps.counters?.backoffs ?? [],
  })
  const podRollback = createPodRollback({ writes: deps.writes, state, pods: { find: (...a) => deps.pods().find(...a) }, assign })
  return {
    services,
    restarts,
    podRollback,
    start() {
      services.start()
      restarts.start()
    },
    stop() {
      restarts.stop()
      services.stop()
    },
  }
}
