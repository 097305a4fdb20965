/**
 * Several servers on one PostgreSQL (a fresh database per run on BENCH_DATABASE_URL's server):
 * with 1, 2 and 3 `stark server start` processes, pods are created through all of them in turn
 * (CONCURRENCY at a time) onto protocol agents spread over the servers, and timed from the
 * create call until their PodRunning event arrives on a watch of the server they were created
 * through. Reports scheduling throughput (pods Running per second over the burst) and
 * create → Running p50/p99; then, with two servers or more, kills the leader with SIGKILL and
 * times until another server holds the lead. JSON lines.
 * Run: npm run bench:scale-out   (SERVERS=1,2,3 PODS=300 AGENTS=6 CONCURRENCY=16)
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import WebSocket from 'ws'
import { connectFakeAgent, openPostgres, type FakeAgent } from '@stark/server/testing'
import { startServer, tempHome, type StarkServer } from '../e2e/harness/stark'
import { freshPostgresDatabase, percentile, report, round, setupAdmin } from './lib'

const PODS = Number(process.env.PODS ?? 300)
const AGENTS = Number(process.env.AGENTS ?? 6)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const SERVERS = (process.env.SERVERS ?? '1,2,3').split(',').map(Number)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function watch(url: string, token: string, onRunning: (name: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { headers: { authorization: `Bearer ${token}` } })
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

async function measure(count: number): Promise<void> {
  const home = tempHome('stark-bench-')
  const pg = await freshPostgresDatabase()
  const env = { STARK_SECRET_KEY: randomBytes(32).toString('base64') }
  const servers: StarkServer[] = []
  const agents: FakeAgent[] = []
  const sockets: WebSocket[] = []
  const db = await openPostgres({ url: pg.url, max: 1 })
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await startServer({ home: home.path, databaseUrl: pg.url, env: { ...env, STARK_SERVER_ID: `s${i + 1}` } }))
    }
    const token = (await setupAdmin(servers[0]!.url)).accessToken
    const call = async (s: StarkServer, method: string, path: string, body?: unknown) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(s.url + path, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
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
      agents.push(
        await connectFakeAgent(servers[i % count]!.url, token, {
          name: `agent-${i}`,
          allocatable: { cpu: 64_000, memory: 65_536, pods: 1000 },
        }),
      )
    }
    const started = new Map<string, number>()
    const latencies: number[] = []
    let allRunning: () => void = () => {}
    const done = new Promise<void>((r) => (allRunning = r))
    const onRunning = (name: string) => {
      const t0 = started.get(name)
      if (t0 === undefined) return
      started.delete(name)
      latencies.push(performance.now() - t0)
      if (latencies.length === PODS) allRunning()
    }
    for (const s of servers) sockets.push(await watch(s.url, token, onRunning))
    // Every server knows the pack before the burst.
    for (const s of servers) await (await call(s, 'GET', '/api/packs/idle')).body?.cancel()

    const t0 = performance.now()
    let next = 0
    const worker = async () => {
      while (next < PODS) {
        const i = next++
        const name = `p-${i}`
        started.set(name, performance.now())
        const res = await call(servers[i % count]!, 'POST', '/api/pods', { pack: 'idle', name, resources: { cpu: 1, memory: 1 } })
        if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`)
        await res.body?.cancel()
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const created = performance.now() - t0
    await Promise.race([done, sleep(120_000).then(() => Promise.reject(new Error(`${latencies.length}/${PODS} Running`)))])
    const elapsed = performance.now() - t0
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
      load_avg_1m: round(loadavg()[0]!, 2),
    })

    if (count > 1) {
      const leader = async () => (await db.query<{ server_id: string }>('select server_id from stark_leader'))[0]?.server_id
      const before = await leader()
      const victim = servers.find((_, i) => `s${i + 1}` === before)
      if (!victim) throw new Error(`no leader process (${before})`)
      const killedAt = performance.now()
      victim.proc.signal('SIGKILL')
      while ((await leader()) === before) await sleep(10)
      report({
        bench: 'scale-out-failover',
        servers: count,
        new_leader_ms: round(performance.now() - killedAt),
        load_avg_1m: round(loadavg()[0]!, 2),
      })
      servers.splice(servers.indexOf(victim), 1)
    }
  } finally {
    for (const w of sockets) w.close()
    for (const a of agents) await a.close().catch(() => {})
    for (const s of servers) await s.stop().catch(() => {})
    await db.close()
    await pg.drop()
    home.remove()
  }
}

for (const n of SERVERS) {
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`SERVERS: ${n} is not a server count from 1 to 9`)
  await measure(n)
}
