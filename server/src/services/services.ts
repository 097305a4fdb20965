/**
 * Services, assembled: the in-memory store, readiness, rollout failure counts and the user
 * operations (`service-ops.ts`), plus the views the REST layer answers with. Built once in the
 * composition root (`compose/ops.ts`); the service controller that converges pods to them is
 * built and started with the other controllers (`compose/controllers.ts`).
 */
import type { Clock, Logger } from '@stark/shared'
import type { SqlClient } from '../db/sql'
import type { LogStore } from '../pods/log-store'
import type { PodOps } from '../pods/pod-ops'
import type { WeightedPlugin } from '../scheduler/types'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { eventsRepo } from '../store/events'
import type { EventRecord, PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { planNodes } from './node-fit'
import { isLive } from './plan-pods'
import { createServiceReady } from './service-ready'
import { bundleDeclaresReadiness, createReadiness } from './readiness'
import { createDurableRolloutFailures } from './rollout-failures'
import type { RolloutFailureRow } from '../store/counters'
import { servicePod } from './service-pods'
import { createServiceOps } from './service-ops'
import { createServiceStore } from './service-store'
import { serviceView, servicePodView } from './service-view'

export interface ServicesDeps {
  db: SqlClient
  state: ClusterState
  writes: WriteQueue
  logs: Pick<LogStore, 'follow'>
  pods: Pick<PodOps, 'resolvePack'>
  resolvePriorityClass(name: string): number
  /** The scheduler's plugin list (DaemonSets place their pods with its filters). */
  plugins: readonly WeightedPlugin[]
  clock: Clock
  log: Logger
  newId(): string
  stop(pod: PodRecord, reason: string): void
  initial: readonly ServiceRecord[]
  /** Rollout failure counts read back at start. */
  rolloutFailures?: readonly RolloutFailureRow[]
  /** Overrides the bundle lookup for the readiness marker (tests). */
  declares?: (sha256: string) => Promise<boolean>
  /** Most replicas one user's services may ask for together (STARK_USER_PENDING_PODS). */
  maxReplicasPerUser?: number | undefined
}

export function createServices(deps: ServicesDeps) {
  const { state, clock } = deps
  const store = createServiceStore(state, deps.initial)
  const readiness = createReadiness({
    state,
    logs: deps.logs,
    declares: deps.declares ?? bundleDeclaresReadiness(deps.db),
    clock,
    log: deps.log,
  })
  const ready = createServiceReady({ state, services: store, readiness })
  const failures = createDurableRolloutFailures(deps.rolloutFailures ?? [], deps.writes, deps.log)
  const ops = createServiceOps({
    db: deps.db,
    writes: deps.writes,
    state,
    services: store,
    pods: deps.pods,
    resolvePriorityClass: deps.resolvePriorityClass,
    newId: deps.newId,
    stop: deps.stop,
    maxReplicasPerUser: deps.maxReplicasPerUser,
  })

  /** How many nodes a DaemonSet belongs on now. */
  function daemonSetDesired(s: ServiceRecord): number | undefined {
    const pack = state.packs.get(s.packId)
    if (s.mode !== 'daemonset' || !pack) return undefined
    const served = new Set(
      store
        .pods(s.id)
        .filter(isLive)
        .flatMap((p) => (p.nodeId ? [p.nodeId] : [])),
    )
    let n = 0
    for (const node of planNodes(
      state,
      deps.plugins,
      servicePod(s, { id: 'template', name: s.name }, clock.now()),
      pack,
      served,
    ).values())
      if (node.eligible) n++
    return n
  }

  function view(s: ServiceRecord) {
    return serviceView(s, store.pods(s.id), {
      state,
      readiness,
      now: clock.now(),
      daemonSetDesired: daemonSetDesired(s),
      rolloutFailures: failures.get(s.id)?.count,
      readyCount: ready.ready(s.id),
    })
  }

  return {
    store,
    readiness,
    ready,
    failures,
    ops,
    view,
    /** The view with its pods (newest first within status order) for `service status`. */
    detail(s: ServiceRecord) {
      const d = { state, readiness, now: clock.now() }
      const pods = store.pods(s.id).sort((a, b) => (a.name < b.name ? -1 : 1))
      return { ...view(s), pods: pods.map((p) => servicePodView(p, s, d)) }
    },
    /** Recent events about the service and its pods, oldest first. */
    async events(s: ServiceRecord, limit = 25): Promise<EventRecord[]> {
      const [own, pods] = await Promise.all([
        eventsRepo.query(deps.db, { resourceType: 'service', resourceId: s.id, limit }),
        eventsRepo.query(deps.db, { category: 'service', resourceType: 'pod', namespace: s.namespace, limit: 500 }),
      ])
      const ids = new Set(store.pods(s.id).map((p) => p.id))
      // Pods already removed are recognised by their generated name: <service>-<random>.
      const named = new RegExp(`^${s.name}-[a-z0-9]{5,8}$`)
      const mine = pods.filter((e) => (e.resourceId !== null && ids.has(e.resourceId)) || named.test(e.resourceName ?? ''))
      return [...own, ...mine].sort((a, b) => a.id - b.id).slice(-limit)
    },
    close() {
      readiness.close()
      store.close()
    },
  }
}
export type Services = ReturnType<typeof createServices>
