/**
 * A small cluster in one process for service tests: real PGlite, the real write path, the real
 * scheduling loop, the service and restart controllers on a fake clock, and simulated agents that
 * answer `pod:assign` the way a pack of each version behaves (runs, or throws at start) and
 * `pod:stop` with Stopped. `settle()` waits until nothing moves any more.
 */
import { createHash, randomUUID } from 'node:crypto'
import { silentLogger, type Labels, type Taint } from '@stark/shared'
import { fakeClock, type FakeClock } from '@stark/shared/testing'
import type { Principal } from '../../auth/principal'
import type { Pacer } from '../../controllers/pacer'
import { createPodRestarts } from '../../controllers/pod-restarts'
import type { SqlClient } from '../../db/sql'
import type { ServiceRecord } from '../../store/services'
import type { LogFollower } from '../../pods/log-store'
import { applyReport, type PodReport } from '../../pods/pod-reports'
import { createPodRollback } from '../../pods/pod-rollback'
import { createPodOps } from '../../pods/pod-ops'
import { createSchedulerCache } from '../../scheduler/cache'
import { defaultPlugins } from '../../scheduler/registry'
import { createSchedulingLoop } from '../../scheduler/scheduling-loop'
import { createClusterState } from '../../state/cluster-state'
import { createEventBus } from '../../state/event-bus'
import { createWriteQueue } from '../../state/write-queue'
import { eventsRepo } from '../../store/events'
import { packsRepo } from '../../store/packs'
import type { EventRecord, NodeRecord, PackRecord, PodRecord } from '../../store/records'
import { usersRepo } from '../../store/users'
import { openTestPglite } from '../../testing/databases'
import { newReadyNode } from '../../testing/records'
import { createNodeConnections } from '../../ws/node-connections'
import { createServiceController } from '../service-controller'
import { createServices } from '../services'

/** How the simulated agents run a pack version. */
export type Behaviour = 'run' | 'crash' | 'exit'

export interface Harness {
  db: SqlClient
  clock: FakeClock
  state: ReturnType<typeof createClusterState>
  writes: ReturnType<typeof createWriteQueue>
  services: ReturnType<typeof createServices>
  restarts: ReturnType<typeof createPodRestarts>
  rollback: ReturnType<typeof createPodRollback>
  podOps: ReturnType<typeof createPodOps>
  admin: Principal
  /** Every `pod:assign` / `pod:stop` the agents got: `name#incarnation@node`. */
  assigned: string[]
  stopped: string[]
  pack(name: string, version: string, behaviour?: Behaviour, source?: string): Promise<PackRecord>
  node(
    name: string,
    o?: { labels?: Labels; taints?: Taint[]; pods?: number; status?: NodeRecord['status']; unschedulable?: boolean },
  ): Promise<NodeRecord>
  updateNode(name: string, patch: Partial<NodeRecord>): Promise<void>
  /** What a node reports about a pod's current run. */
  report(pod: PodRecord, report: PodReport): Promise<void>
  /** A line of a pod's output (for readiness). */
  print(pod: PodRecord, line: string): void
  settle(): Promise<void>
  /** Moves the fake clock forward and settles after each second. */
  advance(ms: number): Promise<void>
  pods(service?: string): PodRecord[]
  /** The live (not deleted) pods of a service. */
  live(service: string): PodRecord[]
  /** The live (not deleted) pods of a service that are Running. */
  running(service: string): PodRecord[]
  /** A service of the default namespace, by name (it must exist). */
  service(name: string): ServiceRecord
  /** A service of the default namespace as the API shows it. */
  view(name: string): ReturnType<ReturnType<typeof createServices>['view']>
  /** Creates a service as the admin and settles. */
  createService(input: Parameters<ReturnType<typeof createServices>['ops']['create']>[1]): Promise<ServiceRecord>
  events(): Promise<EventRecord[]>
  close(): Promise<void>
}

export async function createHarness(
  o: { declares?: (sha256: string) => Promise<boolean>; pacer?: Pacer } = {},
): Promise<Harness> {
  const db = await openTestPglite()
  const clock = fakeClock(Date.now())
  const user = await usersRepo.insert(db, { email: `admin-${randomUUID()}@example.com`, passwordHash: 'x', role: 'admin' })
  const admin: Principal = { kind: 'user', id: user.id, role: 'admin', email: user.email, sessionId: 's', user }
  const state = createClusterState({ users: [user] })
  const bus = createEventBus()
  const writes = createWriteQueue({ db, state, bus, clock, log: silentLogger })
  const connections = createNodeConnections()
  const behaviours = new Map<string, Behaviour>() // pack id → behaviour
  const followers = new Map<string, Set<LogFollower>>()
  const assigned: string[] = []
  const stopped: string[] = []
  const inflight = new Set<Promise<unknown>>()
  const track = (p: Promise<unknown>) => {
    inflight.add(p)
    void p.finally(() => inflight.delete(p))
  }
  const label = (pod: PodRecord) => `${pod.name}#${pod.incarnation}@${state.nodes.get(pod.nodeId ?? '')?.name ?? '?'}`

  async function report(pod: PodRecord, r: PodReport) {
    await writes.run((tx) => {
      const current = tx.pod(pod.id)
      if (!current || current.nodeId !== pod.nodeId || current.incarnation !== pod.incarnation) return
      applyReport(tx, current, r, () => {})
    })
  }

  /** An agent: runs the pod the way its pack version behaves (or its template says: env BEHAVIOUR). */
  function assign(pod: PodRecord) {
    if (!pod.nodeId || state.nodes.get(pod.nodeId)?.status !== 'Ready') return
    assigned.push(label(pod))
    const behaviour = (pod.spec.env.BEHAVIOUR as Behaviour | undefined) ?? behaviours.get(pod.packId) ?? 'run'
    track(
      (async () => {
        await report(pod, { status: 'Running' })
        if (behaviour === 'crash') await report(pod, { status: 'Failed', reason: 'Error', message: 'boom', exitCode: 1 })
        if (behaviour === 'exit') await report(pod, { status: 'Succeeded', reason: 'Completed' })
      })(),
    )
  }
  function stop(pod: PodRecord, reason: string) {
    stopped.push(`${label(pod)}:${reason}`)
    track(report(pod, { status: 'Stopped' }))
  }

  const plugins = defaultPlugins()
  const scheduler = createSchedulingLoop({
    state,
    writes,
    cache: createSchedulerCache(state),
    plugins,
    rng: () => 0,
    clock,
    log: silentLogger,
    onBound: assign,
  })
  const pods = createPodOps({ writes, state, connections, rng: Math.random, newId: randomUUID })
  const services = createServices({
    db,
    state,
    writes,
    logs: {
      follow(podId, fn) {
        let set = followers.get(podId)
        if (!set) followers.set(podId, (set = new Set()))
        set.add(fn)
        return () => set.delete(fn)
      },
    },
    pods,
    resolvePriorityClass: () => 0,
    plugins,
    clock,
    log: silentLogger,
    newId: randomUUID,
    stop,
    initial: [],
    ...(o.declares ? { declares: o.declares } : {}),
  })
  const controller = createServiceController({
    state,
    services: services.store,
    readiness: services.readiness,
    ready: services.ready,
    failures: services.failures,
    writes,
    bus,
    plugins,
    clock,
    rng: Math.random,
    log: silentLogger,
    newId: randomUUID,
    stop,
    ...(o.pacer ? { pacer: o.pacer } : {}),
  })
  const restarts = createPodRestarts({ state, writes, clock, log: silentLogger, assign })
  const rollback = createPodRollback({ writes, state, pods, assign })
  controller.start()
  restarts.start()

  const quiet = () =>
    inflight.size === 0 &&
    writes.depth === 0 &&
    controller.queue.depth.queued + controller.queue.depth.processing === 0 &&
    restarts.queue.depth.queued + restarts.queue.depth.processing === 0 &&
    scheduler.depth.active === 0

  async function settle() {
    let calm = 0
    for (let i = 0; i < 500 && calm < 3; i++) {
      await new Promise((r) => setImmediate(r))
      await Promise.all([...inflight])
      await Promise.all([controller.idle(), restarts.idle(), scheduler.idle()])
      await writes.drain()
      calm = quiet() ? calm + 1 : 0
    }
  }

  const podsOf = (service?: string) =>
    [...state.pods.values()]
      .filter((p) => (service ? p.spec.service?.name === service : true))
      .sort((a, b) => (a.name < b.name ? -1 : 1))

  return {
    db,
    clock,
    state,
    writes,
    services,
    restarts,
    rollback,
    podOps: pods,
    admin,
    assigned,
    stopped,
    async pack(name, version, behaviour = 'run', source) {
      const bytes = new TextEncoder().encode(source ?? `export default async () => {} // ${name}@${version} ${behaviour}`)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const p = (await packsRepo.insert(
        db,
        {
          name,
          version,
          ownerId: user.id,
          namespace: 'default',
          runtime: 'node',
          visibility: 'private',
          sha256,
          size: bytes.byteLength,
          description: null,
        },
        bytes,
      ))!
      state.packs.set(p.id, p)
      behaviours.set(p.id, behaviour)
      bus.publish([
        {
          id: 0,
          type: 'PackRegistered',
          category: 'pack',
          severity: 'info',
          resourceType: 'pack',
          resourceId: p.id,
          resourceName: `${name}@${version}`,
          namespace: 'default',
          ownerId: user.id,
          previousState: null,
          newState: null,
          reason: null,
          message: null,
          correlationId: null,
          actorId: null,
          createdAt: clock.now(),
          count: 1,
          lastSeen: clock.now(),
        },
      ])
      return p
    },
    async node(name, n = {}) {
      const now = clock.now()
      const node = newReadyNode(
        {
          name,
          ownerId: user.id,
          status: n.status ?? 'Ready',
          labels: n.labels ?? {},
          taints: n.taints ?? [],
          allocatable: { cpu: 100_000, memory: 100_000, pods: n.pods ?? 110 },
          unschedulable: n.unschedulable ?? false,
        },
        now,
      )
      await writes.run((tx) => tx.putNode(node))
      return node
    },
    async updateNode(name, patch) {
      const node = state.nodeByName(name)!
      await writes.run((tx) => tx.putNode({ ...tx.node(node.id)!, ...patch, updatedAt: tx.now }))
    },
    report,
    print(pod, line) {
      for (const f of followers.get(pod.id) ?? [])
        f({ podId: pod.id, incarnation: pod.incarnation, ts: clock.now(), stream: 'stdout', line })
    },
    settle,
    async advance(ms) {
      for (let left = ms; left > 0; left -= 1000) {
        await clock.advance(Math.min(1000, left))
        await settle()
      }
    },
    pods: podsOf,
    live: (service) => podsOf(service).filter((p) => p.deletedAt === null),
    running: (service) => podsOf(service).filter((p) => p.deletedAt === null && p.status === 'Running'),
    service: (name) => services.store.byName('default', name)!,
    view: (name) => services.view(services.store.byName('default', name)!),
    async createService(input) {
      const created = await services.ops.create(admin, input)
      await settle()
      return created
    },
    events: () => eventsRepo.query(db, { limit: 1000 }),
    async close() {
      controller.stop()
      services.close()
      restarts.stop()
      scheduler.stop()
      await writes.drain()
      await db.close()
    },
  }
}
