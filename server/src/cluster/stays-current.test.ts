/**
 * Two real servers on one fresh PostgreSQL database: settings, secrets, namespaces, priority
 * classes and services changed through one take effect through the other; an event stream and a
 * log follow opened on one see what the other wrote. `/metrics` on either has both servers. A
 * server whose listening connection is lost, and refused for a while, reads again what it missed
 * and follows again; one that has not heard of a run yet reads it back when a node reports it.
 */
import { randomBytes } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../config'
import { type RunningServer, startServer } from '../server'
import { openPostgres } from '../db/postgres-client'
import { createPostgresDatabase, postgresTestUrl } from '../testing/databases'
import { connectRaw, registerPayload } from '../testing/ws-client'

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(!postgresTestUrl())('servers on one PostgreSQL stay current', () => {
  let database: { url: string; drop(): Promise<void> }
  const servers: RunningServer[] = []
  let token = ''
  const secretKey = randomBytes(32).toString('base64')

  const api = async (s: RunningServer, method: string, path: string, body?: unknown) => {
    const res = await fetch(s.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: (await res.json().catch(() => null)) as any }
  }
  /** Opens an SSE stream and resolves with its text once `seen` holds. */
  const stream = async (s: RunningServer, path: string) => {
    const ctl = new AbortController()
    const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` }, signal: ctl.signal })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    let text = ''
    const pumping = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
        if (done) return
        text += new TextDecoder().decode(value)
      }
    })()
    return {
      text: () => text,
      close: async () => {
        ctl.abort()
        await pumping
      },
    }
  }
  const [a, b] = [() => servers[0]!, () => servers[1]!]

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresTestUrl()!, 'stark_current')
    for (const id of ['a', 'b']) {
      servers.push(
        await startServer({
          config: { ...defaultConfig({}), port: 0, secretKey, databaseUrl: database.url, serverId: id },
          log: silentLogger,
        }),
      )
    }
    const setup = await api(a(), 'POST', '/api/auth/setup', { email: 'admin@example.com', password: 'test-password-1' })
    expect(setup.status).toBe(201)
    token = setup.body.accessToken
    await until('the session known to b', async () => (await api(b(), 'GET', '/api/pods')).status === 200)
  }, 120_000)
  afterAll(async () => {
    for (const s of servers) await s.close().catch(() => {})
    await database?.drop()
  }, 60_000)

  it('settings changed through one server take effect on the other', async () => {
    expect((await api(b(), 'GET', '/api/auth/registration')).body.open).toBe(false)
    expect((await api(a(), 'PUT', '/api/auth/registration', { open: true })).status).toBe(200)
    await until('registration open on b', async () => (await api(b(), 'GET', '/api/auth/registration')).body.open === true)

    expect((await api(b(), 'PUT', '/api/scheduler', { name: 'binpack' })).status).toBe(200)
    await until('the profile on a', async () => (await api(a(), 'GET', '/api/scheduler')).body.name === 'binpack')
  }, 30_000)

  it('namespaces, priority classes, secrets and services made through one server are used through the other', async () => {
    expect((await api(a(), 'POST', '/api/namespaces', { name: 'shop', quota: { pods: 5 } })).status).toBe(201)
    expect((await api(a(), 'POST', '/api/priorityclasses', { name: 'urgent', value: 900 })).status).toBe(201)
    expect((await api(a(), 'POST', '/api/secrets', { name: 'db', namespace: 'shop', data: { PASSWORD: 'x' } })).status).toBe(201)
    const pack = await api(a(), 'POST', '/api/packs', {
      name: 'app',
      version: '1.0.0',
      runtime: 'node',
      bundle: 'export default async () => {}',
    })
    expect(pack.status).toBe(201)
    // Packs are per namespace: the pod in shop runs shop's copy.
    const shopPack = await api(a(), 'POST', '/api/packs', {
      name: 'app',
      version: '1.0.0',
      runtime: 'node',
      namespace: 'shop',
      bundle: 'export default async () => {}',
    })
    expect(shopPack.status).toBe(201)
    // b admits a pod that needs all three: the namespace, the class and the secret.
    const pod = await until('a pod admitted by b', async () => {
      const r = await api(b(), 'POST', '/api/pods', {
        pack: 'app',
        name: 'uses-all',
        namespace: 'shop',
        priorityClass: 'urgent',
        secrets: ['db'],
      })
      return r.status === 201 && r.body
    })
    expect(pod.priority).toBe(900)
    expect((await api(b(), 'GET', '/api/secrets?namespace=shop')).body.items.map((s: any) => s.name)).toEqual(['db'])

    expect((await api(b(), 'POST', '/api/services', { name: 'web', pack: 'app', replicas: 2 })).status).toBe(201)
    await until('the service on a', async () => (await api(a(), 'GET', '/api/services/web')).status === 200)
    expect((await api(a(), 'POST', '/api/services/web/scale', { replicas: 3 })).status).toBe(200)
    await until('the scale seen on b', async () => (await api(b(), 'GET', '/api/services/web')).body?.replicas === 3)
    expect((await api(b(), 'DELETE', '/api/services/web')).status).toBeLessThan(300)
    await until('the service gone on a', async () => (await api(a(), 'GET', '/api/services/web')).status === 404)

    expect((await api(a(), 'DELETE', '/api/priorityclasses/urgent')).status).toBeLessThan(300)
    await until('the class gone on b', async () => (await api(b(), 'GET', '/api/priorityclasses/urgent')).status === 404)
  }, 60_000)

  it('a join link made on one server lists the other', async () => {
    const r = await api(a(), 'POST', '/api/nodes/tokens', {})
    expect(r.status).toBe(201)
    expect(r.body.servers).toEqual([a().url, b().url])
    expect(new URLSearchParams(new URL(r.body.url).hash.slice(1)).get('servers')).toBe(b().url)
  }, 30_000)

  it('/metrics on either server has both servers, the one that leads and its term', async () => {
    for (const s of servers) {
      const text = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
      for (const x of servers) {
        const id = x.deps.cluster!.serverId
        expect(text).toContain(`stark_server_info{id="${id}",address="${x.url}",version="0.1.0"} 1`)
        expect(text).toMatch(new RegExp(`stark_server_last_seen_seconds\\{id="${id}"\\} \\d`))
        expect(text).toContain(`stark_server_leader{id="${id}"} ${x.deps.cluster!.isLeader ? 1 : 0}`)
      }
      expect(text).toMatch(/stark_leader_term [1-9]/)
    }
  }, 30_000)

  it('an event stream and a log follow on one server see what the other wrote', async () => {
    const events = await stream(b(), '/api/events?follow=true')
    expect((await api(a(), 'POST', '/api/namespaces', { name: 'seen-live' })).status).toBe(201)
    await until('the namespace event through b', () => events.text().includes('seen-live'))
    await events.close()

    const created = await api(a(), 'POST', '/api/pods', { pack: 'app', name: 'talker' })
    expect(created.status).toBe(201)
    await until('the pod known to b', async () => (await api(b(), 'GET', '/api/pods/talker')).status === 200)
    const logs = await stream(b(), '/api/pods/talker/logs?follow=true')
    // The lines arrive at server a (as from an agent it holds); b follows them from the database.
    await until('the follow open', () => b().deps.logs.followed(created.body.id))
    a().deps.logs.append(created.body.id, 0, [{ ts: Date.now(), stream: 'stdout', line: 'hello from a' }])
    await until('the line through b', () => logs.text().includes('hello from a'))
    await a().deps.logs.flush()
    a().deps.logs.append(created.body.id, 0, [{ ts: Date.now(), stream: 'stdout', line: 'second line' }])
    await until('the second line through b', () => logs.text().includes('second line'))
    expect(logs.text().split('hello from a').length).toBe(2)
    await logs.close()
  }, 60_000)
  it('a server that lost its listening connection, refused for a while, reads what it missed and follows again', async () => {
    expect((await api(a(), 'PUT', '/api/scheduler', { name: 'binpack' })).status).toBe(200)
    await until('binpack on b', async () => (await api(b(), 'GET', '/api/scheduler')).body.name === 'binpack')
    const name = new URL(database.url).pathname.slice(1)
    // Connections are refused from another database; the writes go through one opened before.
    const control = await openPostgres({ url: postgresTestUrl()!, max: 1 })
    const admin = await openPostgres({ url: database.url, max: 1 })
    try {
      const listening = () => b().deps.cluster!.listening!()!
      const before = { ...listening() }
      expect(before.connected).toBe(true)
      // The database refuses new connections, and b's listening connection is ended.
      await control.query(`alter database "${name}" with allow_connections false`)
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', ['stark/b/listen'])
      await until('b to fail to listen again, twice', () => listening().failures >= before.failures + 2)
      // Written (and notified) while b hears nothing.
      await admin.query(
        `insert into settings (key, value) values ('scheduler.profile', '{"name":"spread"}'::jsonb)
         on conflict (key) do update set value = excluded.value, updated_at = now()`,
      )
      await control.query(`alter database "${name}" with allow_connections true`)
      await until('b listening again', () => listening().connected && listening().connects === before.connects + 1)
      await until(
        'what b missed read on its return',
        async () => (await api(b(), 'GET', '/api/scheduler')).body.name === 'spread',
      )
      // And it hears the next change.
      expect((await api(a(), 'PUT', '/api/scheduler', { name: 'binpack' })).status).toBe(200)
      await until('the next change on b', async () => (await api(b(), 'GET', '/api/scheduler')).body.name === 'binpack')
    } finally {
      await control.query(`alter database "${name}" with allow_connections true`)
      await control.close()
      await admin.close()
    }
  }, 60_000)
  it('a node that moved to a server behind the others keeps the run another server gave it', async () => {
    // A pod no node is fit for (Pending everywhere), then bound to a node without a notification: b never hears of it.
    const app = await api(a(), 'POST', '/api/packs', {
      name: 'app',
      version: '1.0.0',
      runtime: 'node',
      bundle: 'export default async () => {}',
    })
    expect([201, 409]).toContain(app.status)
    const nowhere = { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['nowhere'] }] }] }
    const created = await api(a(), 'POST', '/api/pods', { pack: 'app', name: 'moved-run', affinity: nowhere })
    expect(created.status).toBe(201)
    await until('the pod known to b', async () => (await api(b(), 'GET', '/api/pods/moved-run')).status === 200)
    const agent = await connectRaw(b().url, { header: `Bearer ${token}` })
    try {
      agent.send('node:register', registerPayload('moved-here'))
      const { nodeId } = (await agent.next('node:registered')).payload
      // The leader has judged the pod against this node too (and leaves it alone from now on).
      await until('the pod unschedulable on one node', async () =>
        /^0\/1 nodes/.test((await api(b(), 'GET', '/api/pods/moved-run')).body.message ?? ''),
      )
      const admin = await openPostgres({ url: database.url, max: 1 })
      try {
        await admin.transaction(async (tx) => {
          await tx.exec('set local session_replication_role = replica')
          await tx.query(
            `update pods set status = 'Scheduled', node_id = $1, incarnation = 1, scheduled_at = now(), updated_at = now() where id = $2`,
            [nodeId, created.body.id],
          )
        })
        // The run reported to b, whose memory has the pod Pending on no node: read back, not stopped as superseded.
        agent.send('pod:status', { podId: created.body.id, incarnation: 1, status: 'Running' })
        await until('the run Running', async () => {
          const [row] = await admin.query<{ status: string }>('select status from pods where id = $1', [created.body.id])
          return row?.status === 'Running'
        })
        expect(agent.messages.filter((m) => m.type === 'pod:stop')).toEqual([])
        expect((await api(b(), 'GET', '/api/pods/moved-run')).body.status).toBe('Running')
      } finally {
        await admin.close()
      }
    } finally {
      agent.ws.close()
    }
  }, 60_000)
})
