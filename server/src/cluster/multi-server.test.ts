/**
 * Three real servers (in this process, each with its own connections) on one fresh PostgreSQL
 * database, and protocol agents over real WebSockets: one leader; what is written through one
 * server is seen through the others; a pod created through a follower is scheduled by the leader
 * and assigned through the server that holds its node's socket; when the leader stops, another leads.
 */
import { randomBytes } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../config'
import { connectFakeAgent, type FakeAgent } from '../scheduler/testing/fake-agent'
import { type RunningServer, startServer } from '../server'
import { createPostgresDatabase, postgresTestUrl } from '../testing/databases'

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(!postgresTestUrl())('several servers on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> }
  const servers: RunningServer[] = []
  const agents: FakeAgent[] = []
  let token = ''
  const secretKey = randomBytes(32).toString('base64')

  const start = (id: string) =>
    startServer({
      config: { ...defaultConfig({}), port: 0, secretKey, databaseUrl: database.url, serverId: id },
      log: silentLogger,
    })
  const api = async (s: RunningServer, method: string, path: string, body?: unknown) => {
    const res = await fetch(s.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: (await res.json().catch(() => null)) as any }
  }
  const leaders = () => servers.filter((s) => s.deps.cluster?.isLeader)
  const pod = async (s: RunningServer, name: string) => {
    const r = await api(s, 'GET', `/api/pods/${name}`)
    return r.status === 200 ? r.body : undefined
  }

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresTestUrl()!, 'stark_multi')
    for (const id of ['one', 'two', 'three']) servers.push(await start(id))
  }, 120_000)
  afterAll(async () => {
    for (const a of agents) await a.close().catch(() => {})
    for (const s of servers) await s.close().catch(() => {})
    await database?.drop()
  }, 60_000)

  it('has exactly one leader, and every server lists all three', async () => {
    await until('one leader', () => leaders().length === 1)
    const setup = await api(servers[1]!, 'POST', '/api/auth/setup', { email: 'admin@example.com', password: 'test-password-1' })
    expect(setup.status).toBe(201)
    token = setup.body.accessToken
    for (const s of servers) {
      const list = await until('three servers listed', async () => {
        const all = await s.deps.cluster!.servers()
        return all.length === 3 && all
      })
      expect(list.filter((x) => x.leader).map((x) => x.id)).toEqual([leaders()[0]!.deps.cluster!.serverId])
    }
  }, 60_000)

  it('a session, a pack and a pod made through one server are seen through the others', async () => {
    // The token was issued by server two: servers one and three accept it once they have read its session.
    await until('the session known everywhere', async () => (await api(servers[2]!, 'GET', '/api/pods')).status === 200)
    const pack = await api(servers[0]!, 'POST', '/api/packs', {
      name: 'app',
      version: '1.0.0',
      runtime: 'node',
      bundle: 'export default async () => {}',
    })
    expect(pack.status).toBe(201)
    agents.push(await connectFakeAgent(servers[2]!.url, token, { name: 'held-by-three' }))
    const created = await until('the pack known to server two', async () => {
      const r = await api(servers[1]!, 'POST', '/api/pods', { pack: 'app', name: 'first' })
      return r.status === 201 && r.body
    })
    expect(created.name).toBe('first')
    // Scheduled by the leader, assigned by server three (which holds the node), reported Running there, seen through one.
    const running = await until('Running through server one', async () => {
      const p = await pod(servers[0]!, 'first')
      return p?.status === 'Running' && p
    })
    expect(running.nodeName).toBe('held-by-three')
    expect(agents[0]!.assigned.map((a) => a.name)).toEqual(['first'])
  }, 60_000)

  it('when the leader stops, another leads with a higher term and schedules what is created next', async () => {
    const old = await until('the leader', () => leaders().length === 1 && leaders()[0]!)
    const oldTerm = (await old.deps.cluster!.servers()).find((x) => x.leader)!.term!
    // A node on a server that stays up: the lead may have moved to the one holding the first node.
    if (old === servers[2]) agents.push(await connectFakeAgent(servers[0]!.url, token, { name: 'held-by-one' }))
    await old.close()
    servers.splice(servers.indexOf(old), 1)
    const next = await until('a new leader', () => leaders().length === 1 && leaders()[0]!)
    const info = await until('its row', async () => (await next.deps.cluster!.servers()).find((x) => x.leader))
    expect(info.term).toBeGreaterThan(oldTerm)
    const r = await api(servers[0]!, 'POST', '/api/pods', { pack: 'app', name: 'second' })
    expect(r.status).toBe(201)
    await until('the second pod Running', async () => (await pod(servers[1]!, 'second'))?.status === 'Running')
    expect(agents.flatMap((a) => a.assigned.map((x) => x.name)).filter((n) => n === 'second')).toEqual(['second'])
  }, 60_000)
})
