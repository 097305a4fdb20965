/**
 * Scheduler throughput on the live path: N simulated nodes, P pods, every binding durable.
 *
 * Nodes are registered through the store's one write path (Ready node records written by
 * `writes.run`, no agents or sockets): what is measured is the scheduler — snapshot, filters,
 * scores, preemption check — and its batched binding write (pod rows, history rows and
 * PodScheduled events, one transaction per batch). A pod counts as bound when its binding has
 * committed (the loop's onBound, which is where the live server sends pod:assign).
 *
 * Two modes per size and engine:
 * - backlog: P Pending pods are written first; the clock runs from the scheduler's start until
 *   the last binding commits (scheduler throughput, as Kubernetes' scheduler_perf measures it);
 * - stream:  the scheduler runs while P pods are created one call each through the real pod
 *   service (as P concurrent `POST /api/pods` would), so creation and binding share the write
 *   path; the clock runs from the first create until the last binding commits.
 *
 * Run: npm run bench:scheduler
 * Env: NODES=1000,5000,10000 PODS=20000 ENGINES=pglite,postgres MODES=backlog,stream BATCH=500
 *      BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a database of its own is
 *      created on that server and dropped afterwards).
 * Prints one JSON line per run.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock, silentLogger } from '@stark/shared'
import {
  type Principal,
  migrate,
  openPglite,
  openPostgres,
  type SqlClient,
  createPodOps,
  createSchedulerCache,
  defaultPlugins,
  createSchedulingLoop,
  createClusterState,
  createEventBus,
  createWriteQueue,
  insertTestPack,
  newReadyNode,
  type NodeRecord,
  type PodRecord,
  usersRepo,
  createNodeConnections,
  newPendingPod,
} from '@stark/server/testing'
import { freshPostgresDatabase, percentile, report, round } from './lib'

type Engine = 'pglite' | 'postgres'
type Mode = 'backlog' | 'stream'

const list = (v: string | undefined, d: string) =>
  (v ?? d)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
const sizes = list(process.env.NODES, '1000,5000,10000').map(Number)
const engines = list(process.env.ENGINES, 'pglite,postgres') as Engine[]
const modes = list(process.env.MODES, 'backlog,stream') as Mode[]
const podCount = Number(process.env.PODS ?? 20_000)
const batchSize = Number(process.env.BATCH ?? 500)
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function openEngine(engine: Engine): Promise<{ db: SqlClient; close(): Promise<void> }> {
  if (engine === 'pglite') {
    // On disk, as the server's default store is.
    const dir = mkdtempSync(join(tmpdir(), 'stark-bench-sched-'))
    const db = await openPglite({ dataDir: join(dir, 'data') })
    await migrate(db)
    return {
      db,
      async close() {
        await db.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const fresh = await freshPostgresDatabase(postgresUrl)
  const db = await openPostgres({ url: fresh.url })
  await migrate(db)
  return {
    db,
    async close() {
      await db.close()
      await fresh.drop()
    },
  }
}

function makeNode(i: number, ownerId: string, now: number): NodeRecord {
  return newReadyNode(
    { name: `node-${String(i).padStart(5, '0')}`, ownerId, labels: { zone: `z${i % 3}` }, agentVersion: 'bench' },
    now,
  )
}

function makePod(i: number, ownerId: string, packId: string, now: number): PodRecord {
  const spec = {
    resources: { cpu: 100, memory: 64 },
    selector: {},
    tolerations: [],
    env: {},
    args: [],
    restartPolicy: 'Never' as const,
  }
  // Created one millisecond apart: the scheduler takes them in this order.
  return {
    ...newPendingPod({ id: randomUUID(), name: `pod-${i}`, namespace: 'default', ownerId, packId, spec }, now),
    createdAt: now + i,
  }
}

async function run(engine: Engine, nodes: number, mode: Mode) {
  const { db, close } = await openEngine(engine)
  try {
    const user = await usersRepo.insert(db, { email: 'bench@example.com', passwordHash: 'x', role: 'admin' })
    const pack = await insertTestPack(db, user.id, { name: 'bench', sha256: 'b'.repeat(64) })
    const state = createClusterState({ users: [user], packs: [pack] })
    const commits: number[] = []
    const writes = createWriteQueue({
      db,
      state,
      bus: createEventBus(),
      clock: realClock,
      log: silentLogger,
      onCommit: (c) => commits.push(c.durationMs),
    })
    const now = Date.now()
    for (let i = 0; i < nodes; i += 1000) {
      await writes.run((tx) => {
        for (let j = i; j < Math.min(nodes, i + 1000); j++) tx.putNode(makeNode(j, user.id, now))
      })
    }
    if (mode === 'backlog') {
      for (let i = 0; i < podCount; i += 2000) {
        await writes.run((tx) => {
          for (let j = i; j < Math.min(podCount, i + 2000); j++) tx.putPod(makePod(j, user.id, pack.id, now))
        })
      }
    }
    commits.length = 0

    const latencies: number[] = []
    let bound = 0
    let firstBoundAt = 0
    let lastBoundAt = 0
    let allBound!: () => void
    const done = new Promise<void>((resolve) => (allBound = resolve))
    const cache = createSchedulerCache(state)
    const load = loadavg()[0]!
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const loop = createSchedulingLoop({
      state,
      writes,
      cache,
      plugins: defaultPlugins(),
      rng: Math.random,
      clock: realClock,
      log: silentLogger,
      batchSize,
      onBound: () => {
        bound++
        lastBoundAt = performance.now()
        if (bound === 1) firstBoundAt = lastBoundAt
        if (bound === podCount) allBound()
      },
      onDecision: (d) => latencies.push(d.latencyMs),
    })
    if (mode === 'stream') {
      const pods = createPodOps({ writes, state, connections: createNodeConnections(), rng: Math.random, newId: randomUUID })
      const principal: Principal = { kind: 'user', id: user.id, role: 'admin', email: user.email, sessionId: 'bench', user }
      const creates: Promise<unknown>[] = []
      for (let i = 0; i < podCount; i++) {
        creates.push(pods.create(principal, { pack: 'bench', name: `pod-${i}`, resources: { cpu: 100, memory: 64 } }))
        // Let the event loop turn now and then, as requests arriving over a socket would.
        if (i % 500 === 499) await new Promise((r) => setImmediate(r))
      }
      await Promise.all(creates)
    }
    await done
    const elapsed = (lastBoundAt - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    loop.stop()
    await writes.drain()
    cache.close()
    const rows = await db.query<{ count: number }>(
      `select count(*)::int as count from pods where status = 'Scheduled' and node_id is not null`,
    )
    const count = rows[0]?.count ?? 0
    report({
      bench: 'scheduler',
      engine,
      mode,
      nodes,
      pods: podCount,
      bound_durably: count,
      seconds: round(elapsed, 2),
      pods_per_s: Math.round(podCount / elapsed),
      // From the first commit to the last: without start-up (JIT warm-up, the first batch).
      sustained_pods_per_s: Math.round((podCount - Math.min(batchSize, podCount)) / ((lastBoundAt - firstBoundAt) / 1000)),
      first_binding_ms: round(firstBoundAt - t0),
      decision_mean_ms: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 3),
      decision_p50_ms: round(percentile(latencies, 50), 3),
      decision_p99_ms: round(percentile(latencies, 99), 3),
      batch: batchSize,
      // This process's CPU per bound pod (for PGlite that includes the database), and the
      // machine's 1-minute load average when the run started: the figures are wall-clock.
      cpu_ms_per_pod: round((cpu.user + cpu.system) / 1000 / podCount, 3),
      load_1m: round(load, 2),
      transactions: commits.length,
      commit_p50_ms: round(percentile(commits, 50)),
      commit_p99_ms: round(percentile(commits, 99)),
    })
    if (count !== podCount) throw new Error(`only ${count} of ${podCount} bindings are in the database`)
  } finally {
    await close()
  }
}

for (const engine of engines) for (const n of sizes) for (const mode of modes) await run(engine, n, mode)
