/**
 * bench:server-memory — what the server alone holds: its PSS idle (an admin, a pack, nothing
 * running) and with PODS pods Running on NODES simulated nodes (bench/sim-node.ts), plus the Node.js heap and
 * external memory from its /metrics. The built `stark` binary, as a user runs it.
 * Run: npm run bench:server-memory   (STORE=pglite|postgres, PODS=100, NODES=2, RUNS=1;
 * PostgreSQL from BENCH_DATABASE_URL)
 */
import { join } from 'node:path'
import { startServer, tempHome } from '../e2e/harness/stark'
import { pssBytes } from './process-tree'
import { joinSimNode, type SimNode } from './sim-node'
import { freshPostgresDatabase, report, round, setupAdmin } from './lib'

const STORE = process.env.STORE ?? 'pglite'
const PODS = Number(process.env.PODS ?? 100)
const NODES = Number(process.env.NODES ?? 2)
const RUNS = Number(process.env.RUNS ?? 1)
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms))
const mb = (bytes: number) => round(bytes / 1024 / 1024)

/** The Node.js memory gauges of the server's /metrics (process-wide: heap, external, array buffers). */
async function nodeMemory(url: string, token: string) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
  const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
  return {
    heap_used_mb: mb(gauge('stark_nodejs_heap_size_used_bytes')),
    heap_total_mb: mb(gauge('stark_nodejs_heap_size_total_bytes')),
    external_mb: mb(gauge('stark_nodejs_external_memory_bytes')),
    rss_mb: mb(gauge('stark_process_resident_memory_bytes')),
  }
}

async function once(run: number) {
  const pg = STORE === 'postgres' ? await freshPostgresDatabase() : undefined
  const home = tempHome('stark-bench-memory-')
  const server = await startServer({ home: home.path, ...(pg ? { databaseUrl: pg.url } : { dataDir: join(home.path, 'data') }) })
  const nodes: SimNode[] = []
  try {
    const pid = server.proc.child.pid!
    const token = (await setupAdmin(server.url)).accessToken
    const auth = { authorization: `Bearer ${token}` }
    const api = (method: string, path: string, body?: unknown) =>
      fetch(server.url + path, {
        method,
        headers: { 'content-type': 'application/json', ...auth },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    const pack = 'export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
    const res = await api('POST', '/api/packs', { name: 'idle', version: '1.0.0', runtime: 'node', bundle: pack })
    if (res.status !== 201) throw new Error(`pack: ${res.status} ${await res.text()}`)
    await settle(3000)
    const idle = { pss_mb: mb(pssBytes(pid)), ...(await nodeMemory(server.url, token)) }

    for (let i = 0; i < NODES; i++) nodes.push(await joinSimNode(server.url, auth, `mem-${i}`, { pods: 1000 }))
    const running = () => nodes.reduce((sum, n) => sum + n.running(), 0)
    const r = await api('POST', '/api/services', { name: 'mem', pack: 'idle', replicas: PODS, resources: { cpu: 1, memory: 1 } })
    if (r.status !== 201) throw new Error(`service: ${r.status} ${await r.text()}`)
    for (const until = performance.now() + 120_000; running() < PODS; await settle(100))
      if (performance.now() > until) throw new Error(`only ${running()} of ${PODS} pods running`)
    await settle(5000)
    const busy = { pss_mb: mb(pssBytes(pid)), ...(await nodeMemory(server.url, token)) }
    report({ bench: 'server-memory', store: STORE, run, pods: PODS, nodes: NODES, idle, with_pods: busy })
  } finally {
    for (const n of nodes) n.close()
    await server.stop()
    await pg?.drop()
    home.remove()
  }
}

for (let i = 0; i < RUNS; i++) await once(i + 1)
