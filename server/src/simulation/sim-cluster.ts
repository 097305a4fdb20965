/**
 * The controller simulation's cluster: the real server composition (`startServer`: every
 * controller, the scheduler, the write path) over one PGlite store, on a fake clock, with
 * simulated agents (sim-agent.ts). Administrators act through the REST API in process. A restart
 * closes the server and starts a new one on the same store with a fresh clock that goes on from
 * the same time — a new process: nothing of the old one's timers survives.
 */
import { randomBytes } from 'node:crypto'
import { silentLogger, type Taint, jsonRequest } from '@stark/shared'
import { readAnswer } from '../testing/api-call'
import { fakeClock, type FakeClock } from '@stark/shared/testing'
import { defaultConfig, type ServerConfig } from '../config'
import type { SqlClient } from '../db/sql'
import { startServer, type RunningServer } from '../server'
import type { ClusterState } from '../state/cluster-state'
import { openTestPglite } from '../testing/databases'
import { createSimAgent, type AgentServer, type SimAgent } from './sim-agent'

/** One server process of the simulation: its clock, its state, and when it started. */
export interface Generation {
  server: RunningServer
  clock: FakeClock
  state: ClusterState
  startedAt: number
}

export interface SimCluster {
  readonly generation: Generation
  readonly agents: ReadonlyMap<string, SimAgent>
  readonly config: ServerConfig
  now(): number
  /** The REST API, in process, as the admin. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /** A new agent joins (or an agent that left or froze comes back). */
  join(name: string, o?: { taints?: Taint[] }): Promise<void>
  /** Stops the server and starts it again on the same store; the agents that are up reconnect. */
  restart(o?: { reconnectAfterMs?: number }): Promise<void>
  /** Calls `fn` for every server generation, now and after each restart (observers). */
  onGeneration(fn: (g: Generation) => void): void
  /** Moves time forward in ticks, settling after each; `onTick` runs after every tick. */
  advance(ms: number, onTick?: () => Promise<void> | void): Promise<void>
  settle(): Promise<void>
  /** How many events this cluster recorded (ids only grow, pruning aside). */
  eventCount(): Promise<number>
  close(): Promise<void>
}

export const SIM_TICK_MS = 500

/** Keeps the store open across server generations: a server's close() must not close it. */
function durable(db: SqlClient): SqlClient {
  return {
    engine: db.engine,
    query: (text, params) => db.query(text, params),
    exec: (text) => db.exec(text),
    transaction: (fn) => db.transaction(fn),
    listen: (channel, fn) => db.listen(channel, fn),
    close: async () => {},
  }
}

/**
 * One PGlite store for many simulated clusters (opening one is the slow part). Each cluster starts
 * from a store emptied of everything but the accounts, settings, namespaces and packs.
 */
export interface SimStore {
  db: SqlClient
  /** The admin's access token, made by the first cluster. */
  token?: string
  close(): Promise<void>
}

const KEPT_TABLES = new Set(['users', 'sessions', 'settings', 'namespaces', 'packs', 'bundles', 'priority_classes', 'secrets'])

export async function openSimStore(): Promise<SimStore> {
  const db = await openTestPglite()
  return { db, close: () => db.close() }
}

async function emptyStore(db: SqlClient) {
  const tables = await db.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  )
  const cleared = tables.map((t) => t.name).filter((n) => !KEPT_TABLES.has(n) && !n.includes('migration'))
  if (cleared.length) await db.exec(`truncate ${cleared.map((n) => `"${n}"`).join(', ')} restart identity cascade`)
}

/** Every cluster starts at the same simulated time, so the admin's token made by the first stays valid. */
export const SIM_START = Date.UTC(2026, 0, 1)

export async function createSimCluster(
  simStore: SimStore,
  o: { config?: Partial<ServerConfig>; crashes?: (podName: string) => boolean } = {},
): Promise<SimCluster> {
  const { db } = simStore
  await emptyStore(db)
  const store = durable(db)
  const config: ServerConfig = {
    ...defaultConfig({}),
    host: '127.0.0.1',
    port: 0,
    secretKey: randomBytes(32).toString('base64'),
    ...o.config,
    nodeHealth: { checkEveryMs: SIM_TICK_MS, ...o.config?.nodeHealth },
  }
  const agents = new Map<string, SimAgent>()
  const observers: ((g: Generation) => void)[] = []
  const inflight = new Set<Promise<unknown>>()
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => {})
    inflight.add(q)
    void q.finally(() => inflight.delete(q))
  }
  let changes = 0
  let generation: Generation
  let token = simStore.token ?? ''

  async function boot(start: number): Promise<Generation> {
    const clock = fakeClock(start)
    const server = await startServer({ config, clock, rng: Math.random, log: silentLogger, db: store })
    const g: Generation = { server, clock, state: server.deps.state, startedAt: start }
    g.state.onPodChange(() => void changes++)
    g.state.onNodeChange(() => void changes++)
    for (const fn of observers) fn(g)
    return g
  }

  const agentServer = (): AgentServer => {
    const g = generation
    return {
      deps: g.server.deps,
      clock: g.clock,
      async principal(t) {
        const a = await g.server.deps.auth.authenticate(t)
        if (!a.ok) throw new Error(`the server refused the agent's credential: ${a.reason}`)
        return a.principal
      },
    }
  }

  async function api(method: string, path: string, body?: unknown) {
    return readAnswer(await generation.server.app.request(path, jsonRequest(method, body, token)))
  }

  const quiet = () => inflight.size === 0 && generation.server.deps.writes.depth === 0

  async function settle() {
    let calm = 0
    for (let i = 0; i < 1000 && calm < 3; i++) {
      const before = changes
      await new Promise((r) => setImmediate(r))
      await Promise.all([...inflight])
      await generation.server.controllers.idle()
      await generation.server.deps.writes.drain()
      calm = quiet() && changes === before ? calm + 1 : 0
    }
  }

  generation = await boot(SIM_START)
  if (!token) {
    const setup = await api('POST', '/api/auth/setup', { email: 'admin@example.com', password: 'simulation-password-1' })
    if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`)
    token = simStore.token = setup.body.accessToken as string
  }

  const cluster: SimCluster = {
    get generation() {
      return generation
    },
    agents,
    config,
    now: () => generation.clock.now(),
    api,
    async join(name, j = {}) {
      let agent = agents.get(name)
      if (!agent) {
        agent = createSimAgent({
          name,
          joinToken: token,
          ...(j.taints ? { taints: j.taints } : {}),
          ...(o.crashes ? { crashes: o.crashes } : {}),
          track,
        })
        agents.set(name, agent)
      }
      await agent.connect(agentServer())
      await settle()
    },
    async restart(r = {}) {
      const now = generation.clock.now()
      const returning = [...agents.values()].filter((a) => a.state === 'up')
      for (const a of agents.values()) a.lostServer()
      await settle()
      await generation.server.close()
      generation = await boot(now)
      await settle()
      if (r.reconnectAfterMs) await cluster.advance(r.reconnectAfterMs)
      for (const a of returning) if (a.state === 'up') await a.connect(agentServer())
      await settle()
    },
    onGeneration(fn) {
      observers.push(fn)
      fn(generation)
    },
    async advance(ms, onTick) {
      for (let left = ms; left > 0; left -= SIM_TICK_MS) {
        await generation.clock.advance(Math.min(SIM_TICK_MS, left))
        await settle()
        await onTick?.()
      }
    },
    settle,
    async eventCount() {
      const rows = await db.query<{ n: number | null }>('select max(id)::int as n from events')
      return rows[0]?.n ?? 0
    },
    async close() {
      for (const a of agents.values()) a.lostServer()
      await generation.server.close()
    },
  }
  return cluster
}
