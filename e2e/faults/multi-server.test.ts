/**
 * Three `stark server start` processes on one fresh PostgreSQL database, three agents given all
 * three URLs, a service with replicas whose runs count themselves from outside Stark (beat server),
 * and a watch open on each server. The servers are shared by the cases, which run in order:
 *   1. `kill -9` of the leader in the middle of a burst of pod creations that goes on through the
 *      other servers: no acknowledged pod is lost, another server leads, the pods created after
 *      the kill run (seen on the surviving servers' watches), the service keeps its runs, and the
 *      agents held by the dead server reconnect elsewhere;
 *   2. the new leader's lock connection cut at the database: it is deposed, another server leads;
 *   3. that leader's process frozen (SIGSTOP): it keeps its lock connection but stops renewing its
 *      lease; the remaining server ends that connection and leads. Thawed, it follows.
 * No pod is bound twice. Failover times are printed (JSON lines), not asserted; with
 * STARK_E2E_TRACE=1, or when the pods created after the kill took longer than 5 s to run, the
 * servers' and agents' log lines and the pods' history around the kill are printed too.
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { createPostgresDatabase, openPostgres, postgresTestUrl, type SqlClient } from '@stark/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { beaterPack, startBeatServer, type BeatServer } from '../harness/beats'
import { LONG_RUNNING } from '../harness/packs'
import { freePort } from '../harness/ports'
import { until, type Proc } from '../harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from '../harness/stark'
import { historyLines, logLines, printTrace, type TraceLine } from './multi-server-trace'

/** The beater pods report to a beat server on this machine's loopback: only an admin's `open` node may reach it. */
const OPEN = ['--pod-network', 'open']
const AFTER_KILL = 12

describe.skipIf(!postgresTestUrl())('three servers on one PostgreSQL', () => {
  const home = tempHome()
  const env = { STARK_SECRET_KEY: randomBytes(32).toString('base64') }
  let database: { url: string; drop(): Promise<void> }
  let db: SqlClient
  let beats: BeatServer
  /** Every server started, by id (the killed one stays listed: its log is part of the trace). */
  const servers = new Map<string, StarkServer>()
  const dead = new Set<string>()
  const agents = new Map<string, Proc>()
  const sockets: WebSocket[] = []
  /** When a watch first saw each pod Running, and which servers' watches saw it. */
  const runningAt = new Map<string, number>()
  const seenBy = new Map<string, Set<string>>()
  const marks: TraceLine[] = []
  const mark = (what: string) => marks.push({ ms: Date.now(), who: 'test', what })
  let urls = ''
  let token = ''
  let webRuns: string[] = []
  let killedAt = 0
  const figures: Record<string, unknown> = {}

  const live = () => [...servers].filter(([id]) => !dead.has(id))
  const leader = async () => (await db.query<{ server_id: string; term: string }>('select server_id, term from stark_leader'))[0]
  const leaderAfter = (term: number, what: string) =>
    until(
      async () => {
        const l = await leader()
        return l && Number(l.term) > term ? { id: l.server_id, term: Number(l.term) } : undefined
      },
      { what, timeoutMs: 30_000, intervalMs: 20 },
    )
  /** A REST call to the first live server that answers. */
  const api = async (method: string, path: string, body?: unknown, via?: string) => {
    for (const [id, s] of via ? [[via, servers.get(via)!] as const] : live()) {
      try {
        const res = await fetch(s.url + path, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        })
        return { status: res.status, body: (await res.json().catch(() => null)) as any, server: id }
      } catch (error) {
        if (via) throw error
      }
    }
    throw new Error('no server answered')
  }
  const list = async (path: string): Promise<any[]> => {
    const r = await api('GET', path)
    expect(r.status).toBe(200)
    return Array.isArray(r.body) ? r.body : r.body.items
  }
  const runningOnWatches = (name: string, what: string) =>
    until(() => runningAt.get(name), { what, timeoutMs: 30_000, intervalMs: 20 })

  async function watch(id: string, url: string) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
    ws.on('error', () => {})
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    const subscribed = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString())
        if (m.type === 'watch:subscribed') resolve()
        if (m.type !== 'watch:event' || m.payload.event.type !== 'PodRunning') return
        const name = m.payload.event.resourceName as string
        if (!runningAt.has(name)) runningAt.set(name, Date.now())
        seenBy.set(name, (seenBy.get(name) ?? new Set()).add(id))
      }),
    )
    ws.send(JSON.stringify({ type: 'watch:subscribe', payload: { topics: ['pod:*'] } }))
    await subscribed
    sockets.push(ws)
  }

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresTestUrl()!, 'stark_e2e_multi')
    db = await openPostgres({ url: database.url, max: 2 })
    beats = await startBeatServer()
    const ports = [await freePort(), await freePort(), await freePort()]
    const started = await Promise.all(
      ports.map((port, i) =>
        startServer({
          home: home.path,
          databaseUrl: database.url,
          args: ['--port', String(port)],
          env: { ...env, STARK_SERVER_ID: `s${i + 1}`, STARK_LOG_LEVEL: 'debug' },
        }),
      ),
    )
    for (const [i, s] of started.entries()) servers.set(`s${i + 1}`, s)
    // The leader's URL first: the CLI and two of the agents start on the server that is killed.
    const first = await until(leader, { what: 'a leader', intervalMs: 20 })
    const followers = [...servers.keys()].filter((id) => id !== first.server_id)
    const order = (ids: string[]) => ids.map((id) => servers.get(id)!.url).join(',')
    urls = order([first.server_id, ...followers])
    const setup = await stark(home.path, urls, ['auth', 'setup', '--email', 'ops@example.com', '--password', 'multi-server-pass'])
    expect(setup.code, setup.stderr).toBe(0)
    const login = await fetch(`${servers.get(followers[0]!)!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'multi-server-pass' }),
    })
    token = ((await login.json()) as { accessToken: string }).accessToken
    for (const [name, bundle] of [
      ['long', LONG_RUNNING],
      ['beater', beaterPack(beats.port)],
    ]) {
      const r = await api('POST', '/api/packs', { name, version: '1.0.0', runtime: 'node', bundle }, first.server_id)
      expect(r.status).toBe(201)
    }
    const agentUrls = { n1: urls, n2: urls, n3: order([followers[0]!, first.server_id, followers[1]!]) }
    const joined = await Promise.all(
      Object.entries(agentUrls).map(([n, u]) =>
        // The CLI's saved session is kept under its URL list; an agent with another order is handed the token.
        startAgent(home.path, u, n, [...OPEN, '--log-format', 'json', ...(u === urls ? [] : ['--token', token])], env),
      ),
    )
    for (const [i, n] of Object.keys(agentUrls).entries()) agents.set(n, joined[i]!)
    for (const [id, s] of servers) await watch(id, s.url)
  }, 180_000)

  afterAll(async () => {
    for (const w of sockets) w.close()
    await Promise.all([...agents.values()].map((a) => a.stop().catch(() => {})))
    for (const id of dead) servers.get(id)?.proc.signal('SIGCONT')
    await Promise.all([...servers.values()].map((s) => s.stop().catch(() => {})))
    await beats?.close()
    await db?.close()
    await database?.drop()
    home.remove()
    console.log(JSON.stringify({ bench: 'e2e-multi-server', ...figures }))
  }, 60_000)

  it('survives kill -9 of the leader during a burst of creates: nothing lost, new pods run, the service keeps its runs', async () => {
    const first = await leader()
    expect(first).toBeDefined()
    const firstTerm = Number(first!.term)
    expect((await api('POST', '/api/services', { name: 'web', pack: 'beater', replicas: 3 })).status).toBe(201)
    const before = await until(
      async () => {
        const pods = (await list('/api/pods')).filter((p) => p.service === 'web' && p.status === 'Running')
        return pods.length === 3 && beats.alive().length === 3 ? pods : undefined
      },
      { what: 'three web replicas Running and beating', timeoutMs: 60_000 },
    )
    webRuns = beats.runs().sort()
    const connectedBefore = new Map((await list('/api/nodes')).map((n) => [n.name, n.connectedAt as string]))

    // A burst of creations, starting on the leader; when a server stops answering, the next one takes the rest.
    const order = urls.split(',')
    const acknowledged: { name: string; sentAt: number }[] = []
    let at = 0
    const burst = (async () => {
      for (let i = 0; killedAt === 0 || acknowledged.filter((a) => a.sentAt > killedAt).length < AFTER_KILL; ) {
        const name = `burst-${i}`
        const sentAt = Date.now()
        try {
          const res = await fetch(`${order[at]}/api/pods`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ pack: 'long', name, resources: { cpu: 0, memory: 0 } }),
          })
          // 409: an earlier try reached the dead server and was written, but not acknowledged.
          if (res.status === 201) acknowledged.push({ name, sentAt })
          else expect(res.status).toBe(409)
          i++
        } catch {
          at = (at + 1) % order.length // the server is gone: the same pod through the next one
        }
      }
    })()
    await until(() => acknowledged.length >= 10, { what: 'the burst to get going', intervalMs: 10 })
    killedAt = Date.now()
    servers.get(first!.server_id)!.proc.signal('SIGKILL')
    dead.add(first!.server_id)
    mark(`killed ${first!.server_id}`)
    const second = await leaderAfter(firstTerm, 'a new leader')
    figures.newLeaderMs = Date.now() - killedAt
    mark('new leader seen')
    await burst

    // The CLI keeps all three URLs, the dead server's first: a request it does not answer goes to the next.
    const created = await stark(home.path, urls, ['pod', 'create', 'long', '--name', 'after-kill'], env)
    expect(created.code, created.stderr).toBe(0)

    const afterKill = acknowledged.filter((a) => a.sentAt > killedAt).map((a) => a.name)
    for (const name of [...afterKill, 'after-kill']) await runningOnWatches(name, `${name} Running`)
    const latencies = afterKill.map((n) => runningAt.get(n)! - killedAt)
    figures.afterKill = { pods: afterKill.length, firstRunningMs: Math.min(...latencies), lastRunningMs: Math.max(...latencies) }
    mark('all Running')
    if (process.env.STARK_E2E_TRACE || Math.max(...latencies) > 5000) {
      const lines = [...marks, ...(await historyLines(db, killedAt - 2000))]
      for (const [id, s] of servers) lines.push(...logLines(id, s.proc, killedAt - 2000, Date.now()))
      for (const [n, a] of agents) lines.push(...logLines(n, a, killedAt - 2000, Date.now()))
      printTrace(
        'after the kill',
        killedAt,
        lines.filter((l) => !/request|pod status|lead is held/.test(l.what)),
      )
    }

    // Nothing acknowledged is lost, all of it runs; each surviving server's watch saw the pods created after the kill run.
    await until(
      async () => {
        const running = new Set((await list('/api/pods')).filter((p) => p.status === 'Running').map((p) => p.name))
        return acknowledged.every((a) => running.has(a.name))
      },
      { what: 'every acknowledged pod Running' },
    )
    for (const [id] of live()) expect(afterKill.filter((n) => !seenBy.get(n)?.has(id))).toEqual([])
    expect(second.id).not.toBe(first!.server_id)

    // The agents the dead server held registered again elsewhere after the kill; the other kept its connection.
    const nodes = await until(
      async () => {
        const all = await list('/api/nodes')
        return all.every((n) => n.status === 'Ready') ? all : undefined
      },
      { what: 'every node Ready' },
    )
    for (const n of nodes) {
      if (n.name === 'n3') expect(n.connectedAt).toBe(connectedBefore.get('n3'))
      else expect(Date.parse(n.connectedAt)).toBeGreaterThan(killedAt)
    }
    // The service kept its runs: the same pods on the same runs, and no other run ever started.
    const key = (p: any) => `${p.id}#${p.incarnation}#${p.restarts}`
    const after = (await list('/api/pods')).filter((p) => p.service === 'web' && p.status === 'Running')
    expect(after.map(key).sort()).toEqual(before.map(key).sort())
    expect(beats.runs().sort()).toEqual(webRuns)
  }, 180_000)

  it('deposes a leader whose lock connection the database cut', async () => {
    const current = (await leader())!
    await db.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      `stark/${current.server_id}/leader`,
    ])
    const cutAt = Date.now()
    await leaderAfter(Number(current.term), 'a leader after the cut')
    figures.leaderAfterCutMs = Date.now() - cutAt
    expect((await api('POST', '/api/pods', { pack: 'long', name: 'after-cut' })).status).toBe(201)
    await runningOnWatches('after-cut', 'the pod created after the cut to run')
    figures.runningAfterCutMs = runningAt.get('after-cut')! - cutAt
  }, 60_000)

  it('takes the lead from a frozen leader, which follows once thawed', async () => {
    const current = (await leader())!
    const frozen = servers.get(current.server_id)!
    frozen.proc.signal('SIGSTOP')
    dead.add(current.server_id)
    const frozenAt = Date.now()
    const next = await leaderAfter(Number(current.term), 'a leader after the freeze')
    figures.leaderAfterFreezeMs = Date.now() - frozenAt
    expect(next.id).not.toBe(current.server_id)
    // The frozen leader's lock connection was ended (its backend goes a moment after the lock).
    await until(
      async () =>
        (await db.query('select 1 from pg_stat_activity where application_name = $1', [`stark/${current.server_id}/leader`]))
          .length === 0,
      { what: 'the frozen leader’s lock connection gone', intervalMs: 20 },
    )
    // Thawed, the old leader finds its lock connection gone and follows; its late writes carry the old term.
    frozen.proc.signal('SIGCONT')
    dead.delete(current.server_id)
    expect((await api('POST', '/api/pods', { pack: 'long', name: 'after-freeze' })).status).toBe(201)
    await runningOnWatches('after-freeze', 'the pod created after the freeze to run')
    expect(Number((await leader())!.term)).toBe(next.term)

    // Never bound twice: each run of each pod was scheduled once.
    const doubles = await db.query(
      `select pod_id, incarnation, count(*) as n from pod_history where status = 'Scheduled' group by 1, 2 having count(*) > 1`,
    )
    expect(doubles).toEqual([])
    // The web service still runs its first runs and no other, and every agent lives on a surviving
    // server: each node has a heartbeat received after the kill, not a row left from before.
    await until(() => beats.alive().length === 3, { what: 'the web runs beating' })
    expect(beats.runs().sort()).toEqual(webRuns)
    await until(
      async () =>
        (await list('/api/nodes')).every((n) => n.status === 'Ready' && Date.parse(n.lastHeartbeatAt) > killedAt + 1000),
      { what: 'all three nodes beating after the kill' },
    )
  }, 60_000)
})
