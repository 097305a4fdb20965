/**
 * The service controller: keys are service ids, queued from every change that can matter — a pod
 * of the service changing, a node changing (DaemonSets; availability), the service itself, a new
 * pack version (follow-latest), a pod saying it is ready — plus a periodic resync. Pods and nodes
 * wake it through the state's change feed, readiness through each service's computed ready count
 * (service-ready.ts). The work queue de-duplicates them; `reconcileService` does the rest.
 */
import { type Clock, compareSemver, type Logger, type Rng } from '@stark/shared'
import { watch } from '@vue/reactivity'
import { createPacer, type Pacer } from '../controllers/pacer'
import { createWorkQueue } from '../controllers/work-queue'
import type { WeightedPlugin } from '../scheduler/types'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { EventBus } from '../state/event-bus'
import type { WriteQueue } from '../state/write-queue'
import type { PackRecord, PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import type { Readiness } from './readiness'
import { reconcileService } from './reconcile'
import type { ServiceRolloutFailures } from './rollout-failures'
import type { ServiceReady } from './service-ready'
import type { ServiceStore } from './service-store'

export interface ServiceControllerDeps {
  state: ClusterState
  services: ServiceStore
  writes: WriteQueue
  bus: EventBus
  /** Reconciling reads it; its changes wake the pod's service. */
  readiness: Readiness
  /** The computed ready count of each service (service-ready.ts): a change wakes that service. */
  ready: ServiceReady
  /** Rollout failure counts (kept durably by services/rollout-failures.ts). */
  failures: ServiceRolloutFailures
  plugins: readonly WeightedPlugin[]
  clock: Clock
  rng: Rng
  log: Logger
  newId(): string
  stop(pod: PodRecord, reason: string): void
  /** Everything is looked at again this often, whatever happened (ms). */
  resyncEveryMs?: number
  /**
   * Paces a service's reconciles by what planning it costs, when its pods or nodes wake it (default:
   * at most a fifth of the time per service, measured with `clock`); a change of the service itself
   * is reconciled at once.
   */
  pacer?: Pacer
  defer?: (fn: () => void) => void
}

/** The highest version (semver) of the service's pack (same namespace and name) its owner may run, if above the current one. */
export function newerPack(state: ClusterState, s: ServiceRecord): PackRecord | undefined {
  const current = state.packs.get(s.packId)
  if (!current) return undefined
  const admin = state.users.get(s.ownerId)?.role === 'admin'
  let best: PackRecord | undefined
  for (const p of state.packs.values()) {
    if (p.namespace !== current.namespace || p.name !== current.name) continue
    if (!(admin || p.visibility === 'public' || p.ownerId === s.ownerId)) continue
    if (compareSemver(p.version, current.version) > 0 && (!best || compareSemver(p.version, best.version) > 0)) best = p
  }
  return best
}

export function createServiceController(deps: ServiceControllerDeps) {
  const { state, services, clock, log, failures } = deps
  const lastUnfit = new Map<string, string>()
  const pacer = deps.pacer ?? createPacer({ clock })
  const queue = createWorkQueue({
    name: 'services',
    clock,
    log,
    // Measured up to the reconcile's first wait: reading, planning and staging its write.
    reconcile: (id) =>
      pacer.run(id, () =>
        reconcileService(
          {
            ...deps,
            failures,
            lastUnfit,
            newerPack: (s) => newerPack(state, s),
          },
          id,
        ),
      ),
    ...(deps.defer ? { defer: deps.defer } : {}),
  })
  const offs: (() => void)[] = []
  /** A wake from a pod, a node or a ready count: after the service's paced wait, if it has one. */
  const wake = (id: string) => {
    const wait = pacer.wait(id)
    if (wait > 0) queue.addAfter(id, wait)
    else queue.add(id)
  }
  let resync: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false

  // A pod saying it is ready (or its bundle lookup settling) changes its service's computed ready
  // count: the watch queues that service. Its runs are gathered into one per microtask, so a
  // committed batch of pod changes recounts each service once.
  const { ready } = deps
  function watchReady(): () => void {
    let queued = false
    const handle = watch(
      () => ready.all(),
      (next, prev) => {
        for (const [id, n] of next) if (prev?.get(id) !== n) wake(id)
      },
      {
        scheduler(job) {
          if (queued) return
          queued = true
          queueMicrotask(() => {
            queued = false
            job()
          })
        },
      },
    )
    return () => handle.stop()
  }

  const enqueueAll = () => {
    for (const s of services.all()) queue.add(s.id)
    for (const id of services.podOwners()) queue.add(id)
  }
  const enqueueDaemonSets = () => {
    for (const s of services.all()) if (s.mode === 'daemonset') queue.add(s.id)
  }

  return {
    queue,
    start() {
      offs.push(
        watchChanges(state.changes, {
          node(prev, next) {
            enqueueDaemonSets()
            for (const p of state.podsOnNode((next ?? prev)!.id)) if (p.spec.service) wake(p.spec.service.id)
          },
          pod(prev, next) {
            const id = (next ?? prev)!.spec.service?.id
            if (!id) return
            if (failures.observe(services.get(id), prev, next))
              log.info('rollout: a new pod failed', { service: id, failures: failures.get(id)?.count })
            wake(id)
          },
        }),
        services.onChange((prev, next) => {
          const id = (next ?? prev)!.id
          if (!next) pacer.forget(id)
          queue.add(id)
        }),
        watchReady(),
        deps.bus.subscribe((e) => {
          if (e.type !== 'PackRegistered' || !e.resourceName) return
          const name = e.resourceName.slice(0, e.resourceName.lastIndexOf('@'))
          for (const s of services.all()) if (s.followLatest && state.packs.get(s.packId)?.name === name) queue.add(s.id)
        }),
      )
      enqueueAll()
      const every = deps.resyncEveryMs ?? 30_000
      resync = clock.setTimeout(function again() {
        if (stopped) return
        enqueueAll()
        resync = clock.setTimeout(again, every)
      }, every)
    },
    idle: () => queue.idle(),
    stop() {
      stopped = true
      resync?.cancel()
      for (const off of offs.splice(0)) off()
      queue.stop()
    },
  }
}
export type ServiceController = ReturnType<typeof createServiceController>
