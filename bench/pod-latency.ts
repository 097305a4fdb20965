/**
 * `pod create` → Running, over N sequential pods on one real agent (default 100): each pod is
 * created through the REST API and timed until its PodRunning event arrives on a watch socket.
 * On the embedded store and on PostgreSQL (a database of its own on BENCH_DATABASE_URL's server).
 * AGENT=sim takes a simulated node instead (bench/sim-node.ts: Running at once), which leaves the
 * server's own share: create, schedule, bind, assign, status report.
 * Run: npm run bench:pods   (PODS=100 STORES=pglite,postgres AGENT=real|sim PAUSE_MS=0 AGENT_FLAGS=)
 * AGENT_FLAGS: more flags for the real agent (`stark node agent start`), e.g. "--isolation worker" or "--pod-nice 0".
 * PAUSE_MS: a pause after each pod is deleted, so a real agent's refill of its spares (a pod
 * process booting) is over before the next create: the path's own latency, without that CPU.
 * PROFILE_DIR=dir: the server runs under the inspector and the measured loop's CPU profile is
 * written there (`pods-<store>.cpuprofile`).
 */
import WebSocket from 'ws'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { startAgent, startServer, stark, tempHome } from '../e2e/harness/stark'
import { joinSimNode } from './sim-node'
import { connectInspector, inspectFlag, inspectorUrlPattern } from './inspector'
import { BENCH_ADMIN, freshPostgresDatabase, percentile, report, round, setupAdmin } from './lib'

const count = Number(process.env.PODS ?? 100)
const simulated = process.env.AGENT === 'sim'
const pauseMs = Number(process.env.PAUSE_MS ?? 0)
const agentFlags = (process.env.AGENT_FLAGS ?? '').split(/\s+/).filter(Boolean)
const PROFILE_DIR = process.env.PROFILE_DIR

async function measure(store: 'pglite' | 'postgres'): Promise<void> {
  const home = tempHome('stark-bench-')
  const pg = store === 'postgres' ? await freshPostgresDatabase() : undefined
  const server = await startServer({
    ...(pg ? { home: home.path, databaseUrl: pg.url } : { home: home.path, dataDir: join(home.path, 'data') }),
    ...(PROFILE_DIR ? { env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${inspectFlag}` } } : {}),
  })
  const inspector = PROFILE_DIR ? await connectInspector((await server.proc.waitFor(inspectorUrlPattern))[1]!) : undefined
  try {
    const token = (await setupAdmin(server.url)).accessToken
    // The agent authenticates with the CLI's stored credentials.
    await stark(home.path, server.url, ['auth', 'login', '--email', BENCH_ADMIN.email, '--password', BENCH_ADMIN.password])
    const agent = simulated
      ? await joinSimNode(server.url, { authorization: `Bearer ${token}` }, 'bench-node')
      : await startAgent(home.path, server.url, 'bench-node', agentFlags)
    const api = (path: string, body: unknown) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
    const source = 'export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
    writeFileSync(join(home.path, 'idle.js'), source)
    await api('/api/packs', { name: 'idle', version: '1.0.0', runtime: 'node', bundle: source })

    const ws = new WebSocket(server.url.replace('http', 'ws') + '/ws', { headers: { authorization: `Bearer ${token}` } })
    await new Promise((r) => ws.on('open', r))
    const waiting = new Map<string, () => void>()
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString())
      if (m.type === 'watch:event' && m.payload.event.type === 'PodRunning') waiting.get(m.payload.event.resourceName)?.()
    })
    ws.send(JSON.stringify({ type: 'watch:subscribe', payload: { topics: ['pod:*'] } }))
    await new Promise((r) => setTimeout(r, 200))

    // Load-independent figures beside the wall times: the server's CPU and its write-path
    // transactions per pod (create, delete and every status change included).
    const serverCpuMs = () => {
      const fields = readFileSync(`/proc/${server.proc.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
    }
    const transactions = async () => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
      return Number(/^stark_db_transaction_duration_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? Number.NaN)
    }
    const cpu0 = serverCpuMs()
    const tx0 = await transactions()
    const latencies: number[] = []
    const loop = async () => {
      for (let i = 0; i < count; i++) {
        const name = `bench-${i}`
        const running = new Promise<void>((resolve) => waiting.set(name, resolve))
        const t0 = performance.now()
        const res = await api('/api/pods', { pack: 'idle', name, resources: { cpu: 1, memory: 1 } })
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`)
        await running
        latencies.push(performance.now() - t0)
        // Keep the node's thread count flat: stop each pod once measured.
        await fetch(`${server.url}/api/pods/${name}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs))
      }
    }
    if (inspector) await inspector.profile(join(PROFILE_DIR!, `pods-${store}.cpuprofile`), loop)
    else await loop()
    report({
      bench: 'pod-create-to-running',
      pods: count,
      agents: 1,
      agent: simulated ? 'sim' : 'real',
      pause_ms: pauseMs,
      ...(agentFlags.length > 0 && !simulated ? { agent_flags: agentFlags.join(' ') } : {}),
      store,
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      p99_ms: round(percentile(latencies, 99)),
      max_ms: round(Math.max(...latencies)),
      server_cpu_ms_per_pod: round((serverCpuMs() - cpu0) / count, 2),
      transactions_per_pod: round(((await transactions()) - tx0) / count, 2),
      load_1m: round(loadavg()[0]!, 1),
    })
    ws.close()
    inspector?.close()
    if ('close' in agent) agent.close()
    else await agent.stop()
  } finally {
    await server.stop()
    await pg?.drop()
    home.remove()
  }
}

for (const store of (process.env.STORES ?? 'pglite,postgres').split(',').map((s) => s.trim())) {
  if (store !== 'pglite' && store !== 'postgres') throw new Error(`STORES: unknown store "${store}"`)
  await measure(store)
}
