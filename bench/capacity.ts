/**
 * bench:capacity — one server (PostgreSQL) with NODES simulated nodes (default 10,000), each a
 * real WebSocket that registers, heartbeats at the interval the server gives it with the runs it
 * holds and answers every pod:assign with Running (bench/sim-node.ts), plus PODS pods (default 50,000, as services of up to 10,000 replicas)
 * bound among them. Then, in the steady state: the server's RSS, its CPU over WINDOW_S seconds
 * (percent of one core: what heartbeats cost), and the p99 of paged REST lists of nodes and pods.
 * One JSON line. Goals: RSS ≤ 1 GiB, heartbeat CPU ≤ 50 %, list p99 ≤ 200 ms.
 * Run: BENCH_DATABASE_URL=postgres://… npm run bench:capacity   (NODES=10000 PODS=50000 WINDOW_S=30)
 * PROFILE_DIR=dir: the server runs under the inspector; the binding phase's, the steady window's and
 * the list phase's CPU profiles (`bind.cpuprofile`, `heartbeat.cpuprofile`, `lists.cpuprofile`) and
 * a heap snapshot taken after the RSS reading (`server.heapsnapshot`, unless HEAP_SNAPSHOT=0) are
 * written there, and the server's `process.memoryUsage()` is reported.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { readProcFacts, readProcStats } from '@stark/node-node'
import { startServer, tempHome } from '../e2e/harness/stark'
import { joinSimNode, type SimNode } from './sim-node'
import { connectInspector, type Inspector, inspectFlag, inspectorUrlPattern } from './inspector'
import { freshPostgresDatabase, percentile, report, round, setupAdmin } from './lib'

const NODES = Number(process.env.NODES ?? 10_000)
const PODS = Number(process.env.PODS ?? 50_000)
const WINDOW_S = Number(process.env.WINDOW_S ?? 30)
const CONNECT_AT_ONCE = Number(process.env.CONNECT_AT_ONCE ?? 100)
const LIST_SAMPLES = Number(process.env.LIST_SAMPLES ?? 50)
const PROFILE_DIR = process.env.PROFILE_DIR
const facts = readProcFacts()
const progress = (text: string) => process.stderr.write(`capacity: ${text} (load ${loadavg()[0]})\n`)

const pg = await freshPostgresDatabase()
const home = tempHome('stark-bench-capacity-')
const server = await startServer({
  home: home.path,
  databaseUrl: pg.url,
  ...(PROFILE_DIR ? { env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${inspectFlag}` } } : {}),
})
const inspector: Inspector | undefined = PROFILE_DIR
  ? await connectInspector((await server.proc.waitFor(inspectorUrlPattern))[1]!)
  : undefined
const nodes: SimNode[] = []
let assigned = 0

try {
  const token = (await setupAdmin(server.url)).accessToken
  const auth = { authorization: `Bearer ${token}` }
  const api = (method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...auth },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  const t0 = performance.now()
  for (let i = 0; i < NODES; i += CONNECT_AT_ONCE)
    nodes.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(CONNECT_AT_ONCE, NODES - i) }, (_, k) =>
          joinSimNode(server.url, auth, `cap-${i + k}`, { onAssign: () => assigned++ }),
        ),
      )),
    )
  const joinedMs = performance.now() - t0
  progress(`${NODES} nodes joined in ${round(joinedMs / 1000)} s`)

  const pack = 'export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
  const res = await api('POST', '/api/packs', { name: 'idle', version: '1.0.0', runtime: 'node', bundle: pack })
  if (res.status !== 201) throw new Error(`pack: ${res.status} ${await res.text()}`)
  const t1 = performance.now()
  const bind = async () => {
    let waits = 0
    for (let s = 0, left = PODS; left > 0; s++, left -= 10_000) {
      const body = { name: `cap-${s}`, pack: 'idle', replicas: Math.min(10_000, left), resources: { cpu: 1, memory: 1 } }
      const r = await api('POST', '/api/services', body)
      if (r.status !== 201) throw new Error(`service: ${r.status} ${await r.text()}`)
    }
    while (assigned < PODS) {
      if (performance.now() - t1 > 30 * 60_000) throw new Error(`only ${assigned} of ${PODS} pods bound after 30 min`)
      await new Promise((r) => setTimeout(r, 250))
      if (++waits % 40 === 0) progress(`${assigned} of ${PODS} pods bound`)
    }
  }
  if (inspector) await inspector.profile(`${PROFILE_DIR}/bind.cpuprofile`, bind)
  else await bind()
  const boundMs = performance.now() - t1
  progress(`${PODS} pods bound in ${round(boundMs / 1000)} s`)
  await new Promise((r) => setTimeout(r, 5000)) // the last Running reports land

  const pid = server.proc.child.pid!
  const rssMb = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024
  const cpu0 = readProcStats(pid, facts)!.cpuMs
  const w0 = performance.now()
  const steady = () => new Promise((r) => setTimeout(r, WINDOW_S * 1000))
  if (inspector) await inspector.profile(`${PROFILE_DIR}/heartbeat.cpuprofile`, steady)
  else await steady()
  const heartbeatCpuPct = ((readProcStats(pid, facts)!.cpuMs - cpu0) / (performance.now() - w0)) * 100
  const serverRss = rssMb()
  const memory = await inspector?.evaluate<Record<string, number>>(
    'Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]))',
  )
  if (inspector && process.env.HEAP_SNAPSHOT !== '0') await inspector.heapSnapshot(`${PROFILE_DIR}/server.heapsnapshot`)

  /** Times LIST_SAMPLES page reads of a paged list, walking its cursor (and starting over at its end). */
  async function listTimes(path: string): Promise<number[]> {
    const times: number[] = []
    let cursor: string | null = null
    for (let i = 0; i < LIST_SAMPLES; i++) {
      const t = performance.now()
      const r = await api('GET', `${path}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      const page = (await r.json()) as { nextCursor: string | null }
      times.push(performance.now() - t)
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
      cursor = page.nextCursor
    }
    return times
  }

  const lists = async () => {
    const nodeTimes = await listTimes('/api/nodes')
    const podTimes = await listTimes('/api/pods')
    return {
      node_list_p99_ms: round(percentile(nodeTimes, 99)),
      pod_list_p99_ms: round(percentile(podTimes, 99)),
      node_list_p50_ms: round(percentile(nodeTimes, 50)),
      pod_list_p50_ms: round(percentile(podTimes, 50)),
    }
  }
  const listFigures = inspector ? await inspector.profile(`${PROFILE_DIR}/lists.cpuprofile`, lists) : await lists()

  // How many scheduling decisions binding took, by result (one per pod when nothing was decided twice).
  const metrics = await (await api('GET', '/metrics')).text()
  const attempts = Object.fromEntries(
    [...metrics.matchAll(/^stark_scheduler_attempts_total\{result="(\w+)"\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]),
  )
  report({
    bench: 'capacity',
    store: 'postgres',
    nodes: NODES,
    pods: PODS,
    joined_s: round(joinedMs / 1000),
    bound_s: round(boundMs / 1000),
    server_rss_mb: round(serverRss),
    heartbeat_cpu_pct: round(heartbeatCpuPct),
    window_s: WINDOW_S,
    ...listFigures,
    scheduler_attempts: attempts,
    load: loadavg().map((l) => round(l)),
    ...(memory ? { server_memory_mb: memory } : {}),
  })
} finally {
  inspector?.close()
  for (const n of nodes) n.close()
  await server.stop()
  await pg.drop()
  home.remove()
}
