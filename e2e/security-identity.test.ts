/**
 * Identity as an attacker meets it, through the built `stark` binary, real agents and real sockets:
 * node tokens rotate while the agent runs and the old ones stop working; a WebSocket ends when its
 * token expires; disabling a user ends their agents' and watchers' connections and their node
 * tokens for good; logins are throttled per account even when the guesses come from many
 * addresses, and X-Forwarded-For counts only from a trusted proxy; weak passwords are refused; and
 * a server started under umask 000 leaves nothing in $STARK_HOME another OS user could read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '@stark/server/testing'
import { start, until, type Proc } from './harness/processes'
import { stark, starkBin, tempHome, type StarkServer } from './harness/stark'

/** `stark server start` under `umask 000`, so nothing but the server's own care keeps files private. */
async function looseUmaskServer(home: string, args: string[]): Promise<StarkServer> {
  const proc = start(
    '/bin/sh',
    ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, starkBin, 'server', 'start', '--port', '0', ...args],
    {
      env: { STARK_HOME: home, STARK_LOG_FORMAT: 'json', NO_COLOR: '1' },
      name: 'server',
    },
  )
  const m = await proc.waitFor(/(http:\/\/127\.0\.0\.1:\d+)/, 60_000)
  return { url: m[1]!, proc, stop: () => proc.stop() }
}

function agent(home: string, url: string, name: string): Proc {
  return start(
    '/bin/sh',
    ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, starkBin, 'node', 'agent', 'start', '--name', name],
    {
      env: { STARK_HOME: home, STARK_API_URL: url, NO_COLOR: '1' },
      name: `agent ${name}`,
    },
  )
}

const api = (url: string, method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) =>
  callApi(url, method, path, { body, token, headers })

const login = async (url: string, email: string, password: string) => {
  const r = await api(url, 'POST', '/api/auth/login', { email, password })
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.accessToken as string
}

/** A user's raw event watch over the WebSocket; resolves `closed` with the close code and reason. */
async function watcher(url: string, token: string) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', ['stark.v1', `stark.bearer.${token}`])
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const subscribed = new Promise<void>((resolve) =>
    ws.on('message', (d) => {
      if (JSON.parse(d.toString()).type === 'watch:subscribed') resolve()
    }),
  )
  await new Promise((resolve, reject) => {
    ws.on('open', resolve)
    ws.on('error', reject)
  })
  ws.send(JSON.stringify({ type: 'watch:subscribe', id: 'w', payload: { topics: ['*'] } }))
  await subscribed
  return { ws, closed }
}

const nodeToken = (home: string, name: string): string | undefined => {
  try {
    return JSON.parse(readFileSync(join(home, 'nodes', `${name}.json`), 'utf8')).nodeToken
  } catch {
    return undefined
  }
}

describe('node token rotation, token expiry and private files (umask 000)', () => {
  const admin = tempHome()
  const bob = tempHome()
  let server: StarkServer
  let bobAgent: Proc | undefined

  beforeAll(async () => {
    server = await looseUmaskServer(admin.path, [
      '--heartbeat-interval',
      '500ms',
      '--access-token-ttl',
      '3s',
      '--node-token-ttl',
      '8s',
    ])
    expect(
      (await stark(admin.path, server.url, ['auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1']))
        .code,
    ).toBe(0)
    expect(
      (await stark(admin.path, server.url, ['auth', 'register', '--email', 'bob@example.com', '--password', 'bob-password-1']))
        .code,
    ).toBe(0)
    expect((await stark(admin.path, server.url, ['secret', 'create', 'db', '--from-literal', 'K=v'])).code).toBe(0)
    expect(
      (await stark(bob.path, server.url, ['auth', 'login', '--email', 'bob@example.com', '--password', 'bob-password-1'])).code,
    ).toBe(0)
  })
  afterAll(async () => {
    await bobAgent?.stop()
    await server?.stop()
    admin.remove()
    bob.remove()
  })

  it('the agent rotates its node token while it runs; an old token stops working, the node stays Ready', async () => {
    bobAgent = agent(bob.path, server.url, 'bob-node')
    const first = await until(() => nodeToken(bob.path, 'bob-node'), { timeoutMs: 60_000, what: 'a saved node token' })
    const second = await until(
      () => {
        const t = nodeToken(bob.path, 'bob-node')
        return t && t !== first ? t : undefined
      },
      { timeoutMs: 60_000, what: 'a rotated node token' },
    )
    expect((await api(server.url, 'GET', '/api/auth/whoami', undefined, first)).status).toBe(401)
    expect((await api(server.url, 'GET', '/api/auth/whoami', undefined, second)).body).toMatchObject({ kind: 'node' })
    // Past the first tokens' whole lifetime the agent still holds a working one and is Ready.
    const third = await until(
      () => {
        const t = nodeToken(bob.path, 'bob-node')
        return t && t !== first && t !== second ? t : undefined
      },
      { timeoutMs: 60_000, what: 'a second rotation' },
    )
    await until(
      async () => {
        const nodes = (await stark(admin.path, server.url, ['node', 'list', '-o', 'json'])).json<
          { name: string; status: string }[]
        >()
        return nodes.find((n) => n.name === 'bob-node' && n.status === 'Ready')
      },
      { timeoutMs: 30_000, what: 'bob-node Ready' },
    )
    expect((await api(server.url, 'GET', '/api/auth/whoami', undefined, second)).status).toBe(401)
    expect(nodeToken(bob.path, 'bob-node')).not.toBe(first)
    expect(third).not.toBe(second)
  })

  it('a WebSocket opened with an access token is closed when that token expires', async () => {
    const w = await watcher(server.url, await login(server.url, 'bob@example.com', 'bob-password-1'))
    const closed = await w.closed
    expect(closed.code).toBe(4401)
    expect(closed.reason).toMatch(/expired/)
  })

  it('nothing under $STARK_HOME is open to group or others, the data directory and JWT secret included', async () => {
    const loose: string[] = []
    const walk = (p: string) => {
      const st = statSync(p)
      // The TLS certificate would be public; none is made here.
      if ((st.mode & 0o077) !== 0) loose.push(`${p} ${(st.mode & 0o777).toString(8)}`)
      if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n))
    }
    for (const home of [admin.path, bob.path]) walk(home)
    expect(readdirSync(admin.path)).toEqual(expect.arrayContaining(['data', 'secret.key', 'credentials.json']))
    expect(readdirSync(join(bob.path, 'nodes')).length).toBeGreaterThan(0)
    expect(loose).toEqual([])
  })

  it('X-Forwarded-For is ignored without a trusted proxy: many forged addresses share one limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 30 && !statuses.includes(429); i++) {
      statuses.push(
        (
          await api(
            server.url,
            'POST',
            '/api/auth/login',
            { email: `nobody${i}@example.com`, password: 'wrong password here' },
            undefined,
            { 'x-forwarded-for': `198.51.100.${i}` },
          )
        ).status,
      )
    }
    expect(statuses).toContain(429)
  })
})

describe('disabling a user, login throttling, password rules (trusted proxy 127.0.0.1)', () => {
  const admin = tempHome()
  const bob = tempHome()
  let server: StarkServer
  let bobAgent: Proc | undefined
  let adminToken: string

  beforeAll(async () => {
    server = await looseUmaskServer(admin.path, ['--heartbeat-interval', '500ms', '--trusted-proxy', '127.0.0.1/32,::1'])
    expect(
      (await stark(admin.path, server.url, ['auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1']))
        .code,
    ).toBe(0)
    expect(
      (await stark(admin.path, server.url, ['auth', 'register', '--email', 'bob@example.com', '--password', 'bob-password-1']))
        .code,
    ).toBe(0)
    expect(
      (await stark(bob.path, server.url, ['auth', 'login', '--email', 'bob@example.com', '--password', 'bob-password-1'])).code,
    ).toBe(0)
    adminToken = await login(server.url, 'ada@example.com', 'correct-horse-1')
  })
  afterAll(async () => {
    await bobAgent?.stop()
    await server?.stop()
    admin.remove()
    bob.remove()
  })

  it('refuses passwords under 12 characters and common ones, with a clear message', async () => {
    const short = await api(
      server.url,
      'POST',
      '/api/auth/register',
      { email: 'c@example.com', password: 'elevenchars' },
      adminToken,
    )
    expect([short.status, short.body.error.message]).toEqual([400, expect.stringMatching(/at least 12 characters/)])
    for (const common of ['password1234', 'Qwerty123456', '111111111111']) {
      const r = await api(server.url, 'POST', '/api/auth/register', { email: 'c@example.com', password: common }, adminToken)
      expect([r.status, r.body.error.message]).toEqual([400, expect.stringMatching(/commonly used/)])
    }
    const cli = await stark(admin.path, server.url, ['auth', 'register', '--email', 'd@example.com', '--password', 'short'])
    expect(cli.code).not.toBe(0)
    expect(cli.stderr).toMatch(/12 characters/)
  })

  it('disabling a user closes their agent, watch and event stream at once and ends their node tokens for good', async () => {
    bobAgent = agent(bob.path, server.url, 'bob-node')
    const token = await until(() => nodeToken(bob.path, 'bob-node'), { timeoutMs: 60_000, what: 'a saved node token' })
    await bobAgent.waitFor(/registered/i, 30_000)
    const bobToken = await login(server.url, 'bob@example.com', 'bob-password-1')
    const w = await watcher(server.url, bobToken)
    const stream = await fetch(`${server.url}/api/events?follow=true`, { headers: { authorization: `Bearer ${bobToken}` } })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    const streamEnded = (async () => {
      for (;;) if ((await reader.read()).done) return true
    })()

    expect((await api(server.url, 'PATCH', '/api/users/bob@example.com', { disabled: true }, adminToken)).status).toBe(200)
    expect(await w.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/disabled/) })
    expect(await streamEnded).toBe(true)
    await bobAgent.waitFor(/refused|not reconnecting|stopp/i, 30_000)
    await until(
      async () => {
        const nodes = (await api(server.url, 'GET', '/api/nodes', undefined, adminToken)).body
        const n = (nodes.items ?? nodes).find((x: { name: string }) => x.name === 'bob-node')
        return n && n.status !== 'Ready'
      },
      { timeoutMs: 30_000, what: 'bob-node no longer Ready' },
    )
    expect((await api(server.url, 'GET', '/api/auth/whoami', undefined, token)).status).toBe(401)
    // Enabled again, the user logs in anew; the old node token stays dead.
    expect((await api(server.url, 'PATCH', '/api/users/bob@example.com', { disabled: false }, adminToken)).status).toBe(200)
    expect((await api(server.url, 'GET', '/api/auth/whoami', undefined, token)).status).toBe(401)
    expect(
      (await api(server.url, 'GET', '/api/auth/whoami', undefined, await login(server.url, 'bob@example.com', 'bob-password-1')))
        .status,
    ).toBe(200)
  })

  it('throttles one account against guesses from many addresses; the right password waits too', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (
          await api(
            server.url,
            'POST',
            '/api/auth/login',
            { email: 'ada@example.com', password: `guess-number-${i}` },
            undefined,
            { 'x-forwarded-for': `203.0.113.${i}` },
          )
        ).status,
      )
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses[10]).toBe(429)
    const right = await api(
      server.url,
      'POST',
      '/api/auth/login',
      { email: 'ada@example.com', password: 'correct-horse-1' },
      undefined,
      { 'x-forwarded-for': '192.0.2.1' },
    )
    expect(right.status).toBe(429)
    // Other accounts are not held up by it, and behind the trusted proxy each client address has its own limit.
    for (let i = 0; i < 21; i++) {
      const r = await api(
        server.url,
        'POST',
        '/api/auth/login',
        { email: `nobody${i}@example.com`, password: 'wrong password here' },
        undefined,
        { 'x-forwarded-for': `198.51.100.${i}` },
      )
      expect(r.status).toBe(401)
    }
    expect(
      (
        await api(server.url, 'POST', '/api/auth/login', { email: 'bob@example.com', password: 'bob-password-1' }, undefined, {
          'x-forwarded-for': '192.0.2.2',
        })
      ).status,
    ).toBe(200)
  })
})
