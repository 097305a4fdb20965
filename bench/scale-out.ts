/**
 * Several servers on one PostgreSQL (a fresh database per run on BENCH_DATABASE_URL's server):
 * with 1, 2 and 3 `stark server start` processes, pods are created through all of them in turn
 * (CONCURRENCY at a time) onto protocol agents spread over the servers, and timed from the
 * create call until their PodRunning event arrives on a watch (one open on every server).
 * Reports scheduling throughput (pods Running per second over the burst) and create → Running
 * p50/p99. Then, with two servers or more, the leader is killed (SIGKILL) while pods are being
 * created (FAILOVER_CONCURRENCY at a time, through whichever server answers) and for
 * AFTER_KILL_MS after: the time until another server leads, how long that server took to read the
 * state and start its controllers, and for the pods created after the kill when they ran (from
 * the kill, and from their create call). The agents are given every server's URL and move to
 * the next one when theirs dies, as the Node agent does. JSON lines, with the load average.
 * Run: npm run bench:scale-out   (SERVERS=1,2,3 PODS=300 AGENTS=6 CONCURRENCY=16
 *   FAILOVER_CONCURRENCY=4 AFTER_KILL_MS=3000)
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import WebSocket from 'ws'
import { openPostgres } from '@stark/server/testing'
import { startServer, tempHome, type StarkServer } from '../e2e/harness/stark'
import { freshPostgresDatabase, percentile, report, round, setupAdmin } from './lib'
import { connectMovingAgent, type MovingAgent } from './moving-agent'

const PODS = Number(process.env.PODS ?? 300)
const AGENTS = Number(process.env.AGENTS ?? 6)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const FAILOVER_CONCURRENCY = Number(process.env.FAILOVER_CONCURRENCY ?? 4)
const AFTER_KILL_MS = Number(process.env.AFTER_KILL_MS ?? 3000)
const SERVERS = (process.env.SERVERS ?? '1,2,3').split(',').map(Number)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const load = () => round(loadavg()[0]!, 2)

async function watch(url: string, token: string, onRunning: (name: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { headers: { authorization: `Bearer ${token}` } })
  ws.on('error', () => {})
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  const subscribed = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString())
      if (m.type === 'watch:subscribed') resolve()
      if (m.type === 'watch:event' && m.payload.event.type === 'PodRunning') onRunning(m.payload.event.resourceName)
    }),
  )
  ws.send(JSON.stringify({ type: 'watch:subscribe', payload: { topics: ['pod:*'] } }))
  await subscribed
  return ws
}

/** Resolves when every name has run (seen on a watch), or rejects after `ms`. */
async function allRunning(runningAt: Map<string, number>, names: readonly string[], ms: number): Promise<void> {
  const deadline = performance.now() + ms
  while (names.some((n) => !runningAt.has(n))) {
    if (performance.now() > deadline) {
      throw new Error(`${names.filter((n) => runningAt.has(n)).length}/${names.length} Running after ${ms} ms`)
    }
    await sleep(10)
  }
}

async function measure(count: number): Promise<void> {
  const home = tempHome('stark-bench-')
  const pg = await freshPostgresDatabase()
  const env = { STARK_SECRET_KEY: randomBytes(32).toString('base64') }
  const servers: StarkServer[] = []
  const dead = new Set<StarkServer>()
  const agents: MovingAgent[] = []
  const sockets: WebSocket[] = []
  const db = await openPostgres({ url: pg.url, max: 1 })
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await startServer({ home: home.path, databaseUrl: pg.url, env: { ...env, STARK_SERVER_ID: `s${i + 1}` } }))
    }
    const token = (await setupAdmin(servers[0]!.url)).accessToken
    /** A call through `s`, or through the next live server when `s` does not answer. */
    const call = async (s: StarkServer, method: string, path: string, body?: unknown): Promise<Response> => {
      for (let attempt = 0; ; attempt++) {
        const target = dead.has(s) ? servers.find((x) => !dead.has(x))! : s
        let res: Response
        try {
          res = await fetch(target.url + path, {
            method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            ...(body ? { body: JSON.stringify(body) } : {}),
          })
        } catch (error) {
          if (attempt > 50) throw error
          dead.add(target)
          continue
        }
        // A server that has not read the session (or the pack) of another yet: a moment later.
        if ((res.status === 401 || res.status === 404 || res.status === 400) && attempt < 50) {
          await res.body?.cancel()
          await sleep(20)
          continue
        }
        return res
      }
    }
    const bundle = 'export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
    const pack = await call(servers[0]!, 'POST', '/api/packs', { name: 'idle', version: '1.0.0', runtime: 'node', bundle })
    if (pack.status !== 201) throw new Error(`pack: ${pack.status} ${await pack.text()}`)
    for (let i = 0; i < AGENTS; i++) {
      // Every server's URL, starting with a different one for each agent.
      const urls = servers.map((_, j) => servers[(i + j) % count]!.url)
      agents.push(
        await connectMovingAgent(urls, token, { name: `agent-${i}`, allocatable: { cpu: 64_000, memory: 65_536, pods: 1000 } }),
      )
    }
    const runningAt = new Map<string, number>()
    const onRunning = (name: string) => {
      if (!runningAt.has(name)) runningAt.set(name, performance.now())
    }
    for (const s of servers) sockets.push(await watch(s.url, token, onRunning))
    // Every server knows the pack before the burst.
    for (const s of servers) await (await call(s, 'GET', '/api/packs/idle')).body?.cancel()

    const sentAt = new Map<string, number>()
    const create = async (via: StarkServer, name: string) => {
      sentAt.set(name, performance.now())
      const res = await call(via, 'POST', '/api/pods', { pack: 'idle', name, resources: { cpu: 1, memory: 1 } })
      // 409: a try that reached a server as it died was written after all.
      if (res.status !== 201 && res.status !== 409) throw new Error(`create: ${res.status} ${await res.text()}`)
      await res.body?.cancel()
    }

    const t0 = performance.now()
    let next = 0
    const names = Array.from({ length: PODS }, (_, i) => `p-${i}`)
    const worker = async () => {
      while (next < PODS) {
        const i = next++
        await create(servers[i % count]!, names[i]!)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const created = performance.now() - t0
    await allRunning(runningAt, names, 120_000)
    const elapsed = Math.max(...names.map((n) => runningAt.get(n)!)) - t0
    const latencies = names.map((n) => runningAt.get(n)! - sentAt.get(n)!)
    report({
      bench: 'scale-out',
      servers: count,
      pods: PODS,
      agents: AGENTS,
      concurrency: CONCURRENCY,
      creates_per_s: round((PODS / created) * 1000),
      running_per_s: round((PODS / elapsed) * 1000),
      create_to_running_p50_ms: round(percentile(latencies, 50)),
      create_to_running_p99_ms: round(percentile(latencies, 99)),
      load_avg_1m: load(),
    })

    if (count > 1) await failover({ servers, dead, agents, db, create, runningAt, sentAt })
  } finally {
    for (const w of sockets) w.close()
    for (const a of agents) await a.close().catch(() => {})
    for (const s of servers) await s.stop().catch(() => {})
    await db.close()
    await pg.drop()
    home.remove()
  }
}

/** Kills the leader while pods are being created, and times what follows. */
async function failover(c: {
  servers: StarkServer[]
  dead: Set<StarkServer>
  agents: MovingAgent[]
  db: Awaited<ReturnType<typeof openPostgres>>
  create(via: StarkServer, name: string): Promise<void>
  runningAt: Map<string, number>
  sentAt: Map<string, number>
}): Promise<void> {
  const leader = async () => (await c.db.query<{ server_id: string }>('select server_id from stark_leader'))[0]?.server_id
  const before = await leader()
  const victim = c.servers.find((_, i) => `s${i + 1}` === before)
  if (!victim) throw new Error(`no leader process (${before})`)
  const heldBefore = c.agents.filter((a) => a.server === victim.url).length

  let killedAt = Number.POSITIVE_INFINITY
  let n = 0
  const names: string[] = []
  const worker = async (w: number) => {
    while (performance.now() < killedAt + AFTER_KILL_MS) {
      const name = `f-${n++}`
      names.push(name)
      await c.create(c.servers[(w + n) % c.servers.length]!, name)
    }
  }
  const creating = Promise.all(Array.from({ length: FAILOVER_CONCURRENCY }, (_, w) => worker(w)))
  await sleep(1000)
  killedAt = performance.now()
  const killedWall = Date.now()
  victim.proc.signal('SIGKILL')
  c.dead.add(victim)
  while ((await leader()) === before) await sleep(5)
  const newLeaderMs = performance.now() - killedAt
  await creating
  const after = names.filter((name) => c.sentAt.get(name)! > killedAt)
  const earlier = names.filter((name) => c.sentAt.get(name)! <= killedAt)
  try {
    await allRunning(c.runningAt, after, 60_000)
  } catch (error) {
    // Which ones, and where they stand.
    const missing = after.filter((n) => !c.runningAt.has(n))
    const rows = await c.db.query(
      `select p.name, p.status, p.node_id, p.incarnation,
              (select json_agg(json_build_object('s', h.status, 'at', h.at) order by h.id) from pod_history h where h.pod_id = p.id) as history
         from pods p where p.name = any($1)`,
      [missing],
    )
    console.error(JSON.stringify({ killedAt: new Date(killedWall).toISOString(), missing: rows }, null, 1))
    throw error
  }
  // Pods created before the kill run too; a PodRunning the dead server wrote but never announced is not on a watch.
  const runningRows = async () =>
    (await c.db.query<{ n: string }>(`select count(*) as n from pods where name = any($1) and status = 'Running'`, [earlier]))[0]!
      .n
  const deadline = performance.now() + 60_000
  while (Number(await runningRows()) < earlier.length) {
    if (performance.now() > deadline)
      throw new Error(`pods created before the kill: ${await runningRows()}/${earlier.length} Running`)
    await sleep(50)
  }
  const unseen = earlier.filter((n) => !c.runningAt.has(n)).length
  const sinceKill = after.map((name) => c.runningAt.get(name)! - killedAt)
  const latency = after.map((name) => c.runningAt.get(name)! - c.sentAt.get(name)!)
  // The new leader's own account of taking over (read its state, started its controllers).
  const successor = c.servers.find((s) => !c.dead.has(s) && /"msg":"took the lead"/.test(s.proc.output))
  const took = successor?.proc.output
    .split('\n')
    .filter((l) => l.includes('"took the lead"'))
    .map((l) => JSON.parse(l) as { time: string; resyncMs: number; startMs: number })
    .find((r) => Date.parse(r.time) >= killedWall)
  report({
    bench: 'scale-out-failover',
    servers: c.servers.length,
    agents_moved: heldBefore,
    agents_registered_again: c.agents.filter((a) => a.registrations > 1).length,
    new_leader_ms: round(newLeaderMs),
    takeover_resync_ms: took?.resyncMs ?? null,
    takeover_start_ms: took?.startMs ?? null,
    pods_created_after_kill: after.length,
    running_before_kill_not_on_a_watch: unseen,
    running_after_kill_ms: { p50: round(percentile(sinceKill, 50)), max: round(Math.max(...sinceKill)) },
    create_to_running_after_kill_ms: {
      p50: round(percentile(latency, 50)),
      p99: round(percentile(latency, 99)),
      max: round(Math.max(...latency)),
    },
    load_avg_1m: load(),
  })
}

for (const n of SERVERS) {
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`SERVERS: ${n} is not a server count from 1 to 9`)
  await measure(n)
}
