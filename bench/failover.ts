/**
 * Failover with default settings, measured from a fresh server start (no waiting out any grace):
 * three real agents run a 30-replica service; one agent dies, and we time how long until all 30
 * replicas are Running again on the others —
 *   - clean close: the agent is killed (SIGKILL; its socket closes at once),
 *   - silent death: the agent is frozen (SIGSTOP; nothing closes, only heartbeats stop),
 *   - leave and kill: of six agents, three are stopped on purpose (SIGTERM: they leave) and
 *     another is killed at the same moment; this must not look like a mass outage.
 * Then 50 agents with a pod each, and the server restarted: time until every node is back Ready
 * with its pod Running on the same run (nothing restarted).
 * Run: npm run bench:failover   (AGENTS_RECONNECT=50 to change the last case's size; 0 skips it;
 *   FAILOVER_CASES=clean-close,silent-death,leave-half-kill-one,reconnect picks cases; FAILOVER_TRACE=1 adds when the node was marked down and the replacements created, scheduled, Running)
 */
import { join } from 'node:path'
import { LONG_RUNNING, writePack } from '../e2e/harness/packs'
import { freePort } from '../e2e/harness/ports'
import { until, type Proc } from '../e2e/harness/processes'
import { savedAccessToken, stark, startAgent, startServer, tempHome, type StarkServer } from '../e2e/harness/stark'
import { traceFailover, watchPolls } from './failover-trace'
import { BENCH_ADMIN, report, round } from './lib'

const REPLICAS = 30
const reconnectAgents = Number(process.env.AGENTS_RECONNECT ?? 50)
const trace = process.env.FAILOVER_TRACE === '1'

async function withCluster<T>(
  fn: (c: {
    home: string
    server: StarkServer
    cli: (...a: string[]) => ReturnType<typeof stark>
    port: number
    dataDir: string
  }) => Promise<T>,
): Promise<T> {
  const home = tempHome('stark-bench-')
  const port = await freePort()
  const dataDir = join(home.path, 'data')
  let server = await startServer({ home: home.path, dataDir, args: ['--port', String(port)] })
  const cli = (...args: string[]) => stark(home.path, server.url, args)
  try {
    const setup = await cli('auth', 'setup', '--email', BENCH_ADMIN.email, '--password', BENCH_ADMIN.password)
    if (setup.code !== 0) throw new Error(setup.stderr)
    const entry = writePack(home.path, 'long', LONG_RUNNING)
    await cli('pack', 'bundle', entry, '--out', join(home.path, 'long.bundle.js'))
    await cli('pack', 'register', join(home.path, 'long.bundle.js'), '--name', 'long', '--version', '1.0.0', '--runtime', 'node')
    return await fn({
      home: home.path,
      get server() {
        return server
      },
      set server(s) {
        server = s
      },
      cli,
      port,
      dataDir,
    })
  } finally {
    await server.stop()
    home.remove()
  }
}

interface PodView {
  name: string
  status: string
  deleting: boolean
  nodeName: string | null
}

/** The service's pods Running outside `avoid`, read straight from the REST API (polling the CLI would add its own start-up time). */
async function runningElsewhere(home: string, server: StarkServer, avoid: ReadonlySet<string> = new Set()): Promise<PodView[]> {
  const res = await fetch(`${server.url}/api/services/web`, {
    headers: { authorization: `Bearer ${savedAccessToken(home, server.url)}` },
  })
  if (res.status !== 200) return []
  const s = (await res.json()) as { pods: PodView[] }
  return s.pods.filter((p) => p.status === 'Running' && !p.deleting && p.nodeName !== null && !avoid.has(p.nodeName))
}

const runningCount = async (home: string, server: StarkServer) => (await runningElsewhere(home, server)).length

async function failover(kind: 'clean-close' | 'silent-death') {
  await withCluster(async ({ home, server, cli }) => {
    const agents: Proc[] = []
    try {
      for (const name of ['f1', 'f2', 'f3']) agents.push(await startAgent(home, server.url, name))
      await cli('service', 'create', 'web', '--pack', 'long', '--replicas', String(REPLICAS), '--cpu', '10', '--memory', '16')
      await until(async () => (await runningCount(home, server)) === REPLICAS, {
        timeoutMs: 120_000,
        what: 'the service to converge',
      })
      // No waiting out the start-up grace: these nodes registered with this server, so it does not cover them.
      const victim = agents[0]!
      const faultAt = Date.now()
      const t0 = performance.now()
      victim.signal(kind === 'clean-close' ? 'SIGKILL' : 'SIGSTOP')
      const polls = watchPolls(faultAt)
      await until(async () => polls.saw(await runningElsewhere(home, server, new Set(['f1']))) === REPLICAS, {
        timeoutMs: 120_000,
        intervalMs: 20,
        what: 'replicas Running elsewhere',
      })
      const ms = performance.now() - t0
      report({
        bench: 'failover',
        case: kind,
        agents: 3,
        replicas: REPLICAS,
        all_running_elsewhere_ms: round(ms),
        target_ms: kind === 'clean-close' ? 2000 : 15_000,
        ...(trace ? { trace: { ...(await traceFailover(home, server, faultAt, ['f1'])), ...polls.summary() } } : {}),
      })
      if (kind === 'silent-death') victim.signal('SIGCONT')
    } finally {
      for (const a of agents) await a.stop()
    }
  })
}

/** Half the nodes stopped on purpose and one more killed, all at once: the rest take every pod. */
async function leaveHalfKillOne() {
  const replicas = 12
  await withCluster(async ({ home, server, cli }) => {
    const names = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']
    const agents: Proc[] = []
    try {
      for (const name of names) agents.push(await startAgent(home, server.url, name))
      await cli('service', 'create', 'web', '--pack', 'long', '--replicas', String(replicas), '--cpu', '10', '--memory', '16')
      await until(async () => (await runningCount(home, server)) === replicas, {
        timeoutMs: 120_000,
        what: 'the service to converge',
      })
      const gone = new Set(['h1', 'h2', 'h3', 'h4'])
      const faultAt = Date.now()
      const t0 = performance.now()
      for (const a of agents.slice(0, 3)) a.signal('SIGTERM')
      agents[3]!.signal('SIGKILL')
      const polls = watchPolls(faultAt)
      await until(async () => polls.saw(await runningElsewhere(home, server, gone)) === replicas, {
        timeoutMs: 120_000,
        intervalMs: 20,
        what: 'replicas Running on the two nodes left',
      })
      const ms = performance.now() - t0
      report({
        bench: 'failover',
        case: 'leave-half-kill-one',
        agents: 6,
        left: 3,
        killed: 1,
        replicas,
        all_running_elsewhere_ms: round(ms),
        target_ms: 3000,
        ...(trace ? { trace: { ...(await traceFailover(home, server, faultAt, [...gone])), ...polls.summary() } } : {}),
      })
    } finally {
      await Promise.all(agents.map((a) => a.stop()))
    }
  })
}

async function reconnectAfterRestart() {
  await withCluster(async (c) => {
    const agents: Proc[] = []
    try {
      for (let i = 0; i < reconnectAgents; i++)
        agents.push(await startAgent(c.home, c.server.url, `r${i}`, ['--isolation', 'worker']))
      await c.cli('service', 'create', 'web', '--pack', 'long', '--daemonset', '--cpu', '10', '--memory', '16')
      await until(async () => (await runningCount(c.home, c.server)) === reconnectAgents, {
        timeoutMs: 180_000,
        what: 'one pod per agent',
      })
      const before = new Map<string, number>(
        ((await c.cli('pod', 'list', '-o', 'json')).json() as any[]).map((p) => [p.name, p.incarnation]),
      )
      await c.server.stop()
      const t0 = performance.now()
      c.server = await startServer({ home: c.home, dataDir: c.dataDir, args: ['--port', String(c.port)] })
      const listening = performance.now() - t0
      await until(
        async () => {
          const nodes = (await c.cli('node', 'list', '-o', 'json')).json() as any[]
          return nodes.filter((n) => n.status === 'Ready').length === reconnectAgents
        },
        { timeoutMs: 180_000, intervalMs: 100, what: 'every agent to reconnect' },
      )
      const allReady = performance.now() - t0
      const pods = (await c.cli('pod', 'list', '-o', 'json')).json() as any[]
      const restarted = pods.filter((p) => p.status !== 'Running' || before.get(p.name) !== p.incarnation).length
      report({
        bench: 'reconnect-after-server-restart',
        agents: reconnectAgents,
        server_listening_ms: round(listening),
        all_nodes_ready_ms: round(allReady),
        pods: pods.length,
        pods_restarted: restarted,
      })
    } finally {
      await Promise.all(agents.map((a) => a.stop()))
    }
  })
}

const only = process.env.FAILOVER_CASES?.split(',')
const wanted = (name: string) => !only || only.includes(name)
if (wanted('clean-close')) await failover('clean-close')
if (wanted('silent-death')) await failover('silent-death')
if (wanted('leave-half-kill-one')) await leaveHalfKillOne()
if (reconnectAgents > 0 && wanted('reconnect')) await reconnectAfterRestart()
