/**
 * Three `stark server start` processes on one fresh PostgreSQL database, three agents given all
 * three URLs, and a service with replicas. `kill -9` of the leader in the middle of a burst of pod
 * creations: no acknowledged pod is lost, another server leads, pods created after the kill run,
 * the service's pods keep their runs, and the agents held by the dead server reconnect elsewhere.
 * Then the new leader's lock connection is cut at the database: it is deposed, a third server
 * leads. Then that leader's process is frozen (SIGSTOP): it keeps its lock connection but stops
 * renewing its lease, and the remaining server ends that connection and leads. No pod is bound
 * twice. Failover times are printed (JSON lines), not asserted.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createPostgresDatabase, openPostgres, postgresTestUrl, type SqlClient } from '@stark/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from '../harness/packs'
import { freePort } from '../harness/ports'
import { until, type Proc } from '../harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from '../harness/stark'

describe.skipIf(!postgresTestUrl())('three servers on one PostgreSQL', () => {
  const home = tempHome()
  const env = { STARK_SECRET_KEY: randomBytes(32).toString('base64') }
  let database: { url: string; drop(): Promise<void> }
  let db: SqlClient
  const servers = new Map<string, StarkServer>()
  const agents: Proc[] = []
  let urls = ''
  let token = ''
  const cli = (...args: string[]) => stark(home.path, urls, args, env)
  const leaderId = async () =>
    (await db.query<{ server_id: string; term: string }>('select server_id, term from stark_leader'))[0]

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresTestUrl()!, 'stark_e2e_multi')
    db = await openPostgres({ url: database.url, max: 2 })
    const ports = [await freePort(), await freePort(), await freePort()]
    for (const [i, port] of ports.entries()) {
      const id = `s${i + 1}`
      const s = await startServer({
        home: home.path,
        databaseUrl: database.url,
        args: ['--port', String(port)],
        env: { ...env, STARK_SERVER_ID: id },
      })
      servers.set(id, s)
    }
    urls = [...servers.values()].map((s) => s.url).join(',')
  }, 180_000)
  afterAll(async () => {
    for (const a of agents) await a.stop().catch(() => {})
    for (const s of servers.values()) await s.stop().catch(() => {})
    await db?.close()
    await database?.drop()
    home.remove()
  }, 60_000)

  it('survives kill -9 of the leader during a burst of creates, and deposes a leader cut from the database', async () => {
    expect((await cli('auth', 'setup', '--email', 'ops@example.com', '--password', 'multi-server-pass')).code).toBe(0)
    const login = await fetch(`${servers.get('s2')!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'multi-server-pass' }),
    })
    token = ((await login.json()) as { accessToken: string }).accessToken
    const entry = writePack(home.path, 'long', LONG_RUNNING)
    expect((await cli('pack', 'bundle', entry, '-o', join(home.path, 'long.bundle.js'))).code).toBe(0)
    expect((await cli('pack', 'register', join(home.path, 'long.bundle.js'), '--name', 'long', '--version', '1.0.0')).code).toBe(
      0,
    )
    for (const n of ['n1', 'n2', 'n3']) agents.push(await startAgent(home.path, urls, n, [], env))
    const first = await until(leaderId, { what: 'a leader' })
    const nodes = async () => (await cli('node', 'list', '-o', 'json')).json<any[]>()

    expect((await cli('service', 'create', 'web', '--pack', 'long', '--replicas', '3')).code).toBe(0)
    const runs = async () =>
      (await cli('pod', 'list', '-o', 'json')).json<any[]>().filter((p) => p.service === 'web' && p.status === 'Running')
    const before = await until(
      async () => {
        const r = await runs()
        return r.length === 3 ? r : undefined
      },
      { what: 'three web replicas Running', timeoutMs: 60_000 },
    )

    // A burst of creations through the leader; it dies in the middle of it.
    const leaderUrl = servers.get(first!.server_id)!.url
    const acknowledged: string[] = []
    const burst = (async () => {
      for (let i = 0; i < 400; i++) {
        try {
          const res = await fetch(`${leaderUrl}/api/pods`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ pack: 'long', name: `burst-${i}`, resources: { cpu: 0, memory: 0 } }),
          })
          if (res.status === 201) acknowledged.push(`burst-${i}`)
        } catch {
          break // the server is gone
        }
      }
    })()
    await until(() => acknowledged.length >= 10, { what: 'the burst to get going' })
    const connectedBefore = new Map((await nodes()).map((n) => [n.name, n.connectedAt as string]))
    const killedAt = Date.now()
    servers.get(first!.server_id)!.proc.signal('SIGKILL')
    await burst
    servers.delete(first!.server_id)
    // The CLI keeps all three URLs: a request the dead server does not answer goes to the next.

    const second = await until(
      async () => {
        const l = await leaderId()
        return l && l.server_id !== first!.server_id ? l : undefined
      },
      { what: 'a new leader', timeoutMs: 30_000 },
    )
    const newLeaderMs = Date.now() - killedAt
    expect(Number(second.term)).toBeGreaterThan(Number(first!.term))

    const created = await cli('pod', 'create', 'long', '--name', 'after-kill')
    expect(created.code).toBe(0)
    await until(async () => (await cli('pod', 'status', 'after-kill', '-o', 'json')).json().status === 'Running', {
      what: 'the pod created after the kill to run',
      timeoutMs: 30_000,
    })
    const runningAfterKillMs = Date.now() - killedAt

    const names = new Set((await cli('pod', 'list', '-o', 'json')).json<any[]>().map((p) => p.name))
    expect(acknowledged.filter((n) => !names.has(n))).toEqual([])
    // Every agent is live on a surviving server: each node has a heartbeat received after the kill
    // (a surviving server's socket, not a row left from before), and those the dead server held
    // connected again after it.
    const live = await until(
      async () => {
        const all = await nodes()
        const beating = all.filter((n) => n.status === 'Ready' && Date.parse(n.lastHeartbeatAt) > killedAt + 1000)
        return beating.length === 3 ? all : undefined
      },
      { what: 'all three nodes beating after the kill', timeoutMs: 60_000 },
    )
    const reconnected = live.filter((n) => Date.parse(n.connectedAt) > killedAt).map((n) => n.name)
    for (const n of live) if (!reconnected.includes(n.name)) expect(n.connectedAt).toBe(connectedBefore.get(n.name))
    const after = await runs()
    const key = (p: any) => `${p.id}#${p.incarnation}#${p.restarts}`
    expect(after.map(key).sort()).toEqual(before.map(key).sort())

    // Cut the new leader's lock connection at the database: it steps down and the last server leads.
    await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [
      `stark/${second.server_id}/leader`,
    ])
    const cutAt = Date.now()
    const third = await until(
      async () => {
        const l = await leaderId()
        return l && Number(l.term) > Number(second.term) ? l : undefined
      },
      { what: 'a leader after the cut', timeoutMs: 30_000 },
    )
    const leaderAfterCutMs = Date.now() - cutAt
    expect((await cli('pod', 'create', 'long', '--name', 'after-cut')).code).toBe(0)
    await until(async () => (await cli('pod', 'status', 'after-cut', '-o', 'json')).json().status === 'Running', {
      what: 'the pod created after the cut to run',
      timeoutMs: 30_000,
    })

    // Freeze the leader's process: its lock connection stays open, its lease goes stale, and the
    // other server ends that connection and leads with the next term.
    const frozen = servers.get(third.server_id)!
    frozen.proc.signal('SIGSTOP')
    const frozenAt = Date.now()
    const fourth = await until(
      async () => {
        const l = await leaderId()
        return l && Number(l.term) > Number(third.term) ? l : undefined
      },
      { what: 'a leader after the freeze', timeoutMs: 30_000 },
    )
    const leaderAfterFreezeMs = Date.now() - frozenAt
    expect(fourth.server_id).not.toBe(third.server_id)
    expect(
      await db.query(`select 1 from pg_stat_activity where application_name = $1`, [`stark/${third.server_id}/leader`]),
    ).toEqual([])
    // Thawed, the old leader finds its lock connection gone and follows; its late writes carry the old term.
    frozen.proc.signal('SIGCONT')
    expect((await cli('pod', 'create', 'long', '--name', 'after-freeze')).code).toBe(0)
    await until(async () => (await cli('pod', 'status', 'after-freeze', '-o', 'json')).json().status === 'Running', {
      what: 'the pod created after the freeze to run',
      timeoutMs: 60_000,
    })
    expect(Number((await leaderId())!.term)).toBe(Number(fourth.term))
    // Never bound twice: each run of each pod was scheduled once.
    const doubles = await db.query(
      `select pod_id, incarnation, count(*) as n from pod_history where status = 'Scheduled' group by 1, 2 having count(*) > 1`,
    )
    expect(doubles).toEqual([])
    console.log(
      JSON.stringify({
        newLeaderMs,
        runningAfterKillMs,
        leaderAfterCutMs,
        leaderAfterFreezeMs,
        acknowledged: acknowledged.length,
        reconnected,
        third: third.server_id,
        fourth: fourth.server_id,
      }),
    )
  }, 300_000)
})
