/**
 * Services at scale. Prints one JSON line per figure:
 *
 * 1. `service-replicas-running`: a 100-replica service created over REST until all 100 pods are
 *    Running on 10 real agents (the built `stark` binary: server and `node agent start` processes).
 * 2. `service-rolling-update`: that service updated to a new version until every pod runs it and
 *    is available — once with the defaults (maxSurge 1, maxUnavailable 0, minReadySeconds 1) and
 *    once with maxSurge 25, minReadySeconds 0.
 * 3. `service-daemonset-bound`: a DaemonSet over 1,000 simulated nodes (registered through the
 *    server's write path, in process) until each node has its pod bound.
 *
 * Run: npm run bench:services   (REPLICAS=100 AGENTS=10 ISOLATION=process|worker DS_NODES=1000)
 */
import { join } from 'node:path'
import { defaultConfig, newReadyNode, startServer as startInProcess } from '@stark/server/testing'
import { silentLogger } from '@stark/shared'
import { startAgent, startServer, stark, tempHome } from '../e2e/harness/stark'
import type { Proc } from '../e2e/harness/processes'
import { BENCH_ADMIN, report, round, setupAdmin } from './lib'

const REPLICAS = Number(process.env.REPLICAS ?? 100)
const AGENTS = Number(process.env.AGENTS ?? 10)
const ISOLATION = process.env.ISOLATION ?? 'process'
const DS_NODES = Number(process.env.DS_NODES ?? 1000)

const IDLE = (version: string) =>
  `export default async function main(ctx) { console.log('up ${version}'); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`

interface ServiceCounts {
  desired: number
  current: number
  ready: number
  updated: number
  available: number
}

async function poll<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function replicasOnRealAgents() {
  const home = tempHome('stark-bench-services-')
  const server = await startServer({ home: home.path, dataDir: join(home.path, 'data') })
  const agents: Proc[] = []
  try {
    const token = (await setupAdmin(server.url)).accessToken
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return res.json()
    }
    await stark(home.path, server.url, ['auth', 'login', '--email', BENCH_ADMIN.email, '--password', BENCH_ADMIN.password])
    const perAgent = Math.ceil((REPLICAS * 1.3) / AGENTS) + 2
    const started = await Promise.all(
      Array.from({ length: AGENTS }, (_, i) =>
        startAgent(home.path, server.url, `agent-${i + 1}`, ['--pods', String(perAgent), '--isolation', ISOLATION]),
      ),
    )
    agents.push(...started)
    for (const v of ['1', '2', '3'])
      await call('POST', '/api/packs', { name: 'idle', version: v, runtime: 'node', bundle: IDLE(v) })
    const counts = async () =>
      (await call('GET', '/api/services/bench')) as { counts: ServiceCounts; rollout: unknown; pack: { version: string } }

    const t0 = performance.now()
    await call('POST', '/api/services', {
      name: 'bench',
      pack: 'idle@1.0.0',
      replicas: REPLICAS,
      resources: { cpu: 1, memory: 1 },
    })
    let boundMs = NaN
    await poll(async () => {
      if (Number.isNaN(boundMs)) {
        const bound = (
          (await call('GET', '/api/pods?limit=1000')) as { items: { service: string | null; nodeId: string | null }[] }
        ).items.filter((p) => p.service === 'bench' && p.nodeId)
        if (bound.length === REPLICAS) boundMs = performance.now() - t0
      }
      return ((c) => (c.counts.ready === REPLICAS ? c : undefined))(await counts())
    }, `${REPLICAS} pods Running`)
    // bound: every pod placed on a node (controller + scheduler); Running: every agent started its pod.
    report({
      bench: 'service-replicas-running',
      replicas: REPLICAS,
      agents: AGENTS,
      isolation: ISOLATION,
      store: 'pglite',
      boundMs: round(boundMs, 0),
      ms: round(performance.now() - t0, 0),
    })

    for (const [version, strategy] of [
      ['2', {}],
      ['3', { maxSurge: Math.ceil(REPLICAS / 4), maxUnavailable: 0, minReadySeconds: 0 }],
    ] as const) {
      if (Object.keys(strategy).length) await call('PATCH', '/api/services/bench', strategy)
      await poll(
        async () => ((c) => (c.rollout === null && c.counts.available === REPLICAS ? c : undefined))(await counts()),
        'settled before the update',
      )
      let minAvailable = REPLICAS
      const t1 = performance.now()
      await call('PATCH', '/api/services/bench', { pack: `idle@${version}` })
      await poll(async () => {
        const c = await counts()
        minAvailable = Math.min(minAvailable, c.counts.available)
        return c.rollout === null &&
          c.counts.updated === REPLICAS &&
          c.counts.available === REPLICAS &&
          c.counts.current === REPLICAS
          ? c
          : undefined
      }, `rollout to idle@${version}`)
      const s = (await call('GET', '/api/services/bench')) as {
        strategy: { maxSurge: number; maxUnavailable: number; minReadySeconds: number }
      }
      report({
        bench: 'service-rolling-update',
        replicas: REPLICAS,
        agents: AGENTS,
        isolation: ISOLATION,
        ...s.strategy,
        ms: round(performance.now() - t1, 0),
        minAvailableSeen: minAvailable,
      })
    }
    await call('DELETE', '/api/services/bench')
  } finally {
    await Promise.all(agents.map((a) => a.stop()))
    await server.stop()
    home.remove()
  }
}

async function daemonSetOnSimulatedNodes() {
  const home = tempHome('stark-bench-ds-')
  const config = {
    ...defaultConfig({}),
    port: 0,
    dataDir: join(home.path, 'data'),
    logLevel: 'silent' as const,
    logPretty: false,
    // Simulated nodes send no heartbeats: keep them Ready for the length of the run.
    nodeHealth: { notReadyAfterMs: 3_600_000, offlineAfterMs: 7_200_000 },
  }
  const server = await startInProcess({ config, log: silentLogger })
  try {
    const { deps } = server
    const setup = await setupAdmin(server.url)
    const now = Date.now()
    const tReg = performance.now()
    await Promise.all(
      Array.from({ length: DS_NODES }, (_, i) => {
        const node = newReadyNode(
          {
            name: `sim-${String(i).padStart(4, '0')}`,
            ownerId: setup.user.id,
            labels: { pool: 'sim' },
            allocatable: { cpu: 4000, memory: 4096, pods: 110 },
          },
          now,
        )
        return deps.writes.run((tx) => tx.putNode(node))
      }),
    )
    const registerMs = performance.now() - tReg
    await fetch(`${server.url}/api/packs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.accessToken}` },
      body: JSON.stringify({ name: 'daemon', version: '1.0.0', runtime: 'node', bundle: IDLE('1') }),
    })
    await server.controllers.idle()
    const bound = () => {
      let n = 0
      for (const p of deps.state.pods.values()) if (p.spec.service?.name === 'daemon' && p.status === 'Scheduled' && p.nodeId) n++
      return n
    }
    const t0 = performance.now()
    const res = await fetch(`${server.url}/api/services`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.accessToken}` },
      body: JSON.stringify({
        name: 'daemon',
        pack: 'daemon',
        daemonset: true,
        selector: { pool: 'sim' },
        resources: { cpu: 10, memory: 16 },
      }),
    })
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`)
    await poll(async () => (bound() === DS_NODES ? true : undefined), `${DS_NODES} pods bound`)
    const ms = performance.now() - t0
    const perNode = new Map<string, number>()
    for (const p of deps.state.pods.values())
      if (p.spec.service?.name === 'daemon' && p.nodeId) perNode.set(p.nodeId, (perNode.get(p.nodeId) ?? 0) + 1)
    report({
      bench: 'service-daemonset-bound',
      nodes: DS_NODES,
      store: 'pglite',
      nodesRegisteredMs: round(registerMs, 0),
      ms: round(ms, 0),
      podsPerNode: Math.max(...perNode.values()),
    })
  } finally {
    await server.close()
    home.remove()
  }
}

await replicasOnRealAgents()
await daemonSetOnSimulatedNodes()
