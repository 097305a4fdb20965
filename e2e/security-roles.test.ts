/**
 * Roles, namespaces and secrets as people use them: the built `stark` binary for the server, two
 * Node agents (an admin's and a user's) and every command. A viewer and a user try what they may
 * not and get a non-zero exit with one readable line; a secret reaches the pod that references it,
 * on its own node only, and is printed back by nothing. Then TLS: a self-signed server that the
 * CLI and an agent reach only with -k.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from './harness/packs'
import { start, until, type Proc } from './harness/processes'
import { stark, starkBin, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

/** Reads its secret from ctx.env and says only whether it is there and a digest of it. */
const USES_SECRET = `
import { createHash } from 'node:crypto'
export default async function main(ctx) {
  const v = ctx.env.DB_PASSWORD
  console.log('secret present: ' + (typeof v === 'string') + ' in process.env too: ' + (process.env.DB_PASSWORD === v))
  console.log('digest ' + createHash('sha256').update(v ?? '').digest('hex'))
}
`
const SECRET = 'e2e-very-secret-value-7f3a'

describe('roles, namespaces and secrets through the CLI', () => {
  const admin = tempHome()
  const bob = tempHome()
  const vic = tempHome()
  let server: StarkServer
  let agents: Proc[] = []
  const as =
    (home: { path: string }) =>
    (...args: string[]) =>
      stark(home.path, server.url, args)

  beforeAll(async () => {
    server = await startServer({ home: admin.path })
    const a = as(admin)
    expect((await a('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')).code).toBe(0)
    expect((await a('auth', 'register', '--email', 'bob@example.com', '--password', 'bob-password-1')).code).toBe(0)
    expect(
      (await a('auth', 'register', '--email', 'vic@example.com', '--password', 'vic-password-1', '--role', 'viewer')).code,
    ).toBe(0)
    expect((await as(bob)('auth', 'login', '--email', 'bob@example.com', '--password', 'bob-password-1')).code).toBe(0)
    expect((await as(vic)('auth', 'login', '--email', 'vic@example.com', '--password', 'vic-password-1')).code).toBe(0)
    agents = [await startAgent(admin.path, server.url, 'ada-node'), await startAgent(bob.path, server.url, 'bob-node')]
    for (const [home, name, source] of [
      [admin, 'steady', LONG_RUNNING],
      [bob, 'uses-secret', USES_SECRET],
    ] as const) {
      const out = join(home.path, `${name}.bundle.js`)
      expect(
        (await stark(home.path, server.url, ['pack', 'bundle', writePack(home.path, name, source), '--out', out])).code,
      ).toBe(0)
      expect((await stark(home.path, server.url, ['pack', 'register', out, '--name', name, '--version', '1.0.0'])).code).toBe(0)
    }
    expect((await a('pod', 'create', 'steady', '--name', 'ada-pod')).code).toBe(0)
  })
  afterAll(async () => {
    for (const p of agents) await p.stop()
    await server?.stop()
    for (const h of [admin, bob, vic]) h.remove()
  })

  const refusals: [who: 'bob' | 'vic', args: string[], code: number, message: RegExp][] = [
    ['vic', ['pod', 'create', 'steady'], 1, /role viewer may not create pods/],
    ['vic', ['pod', 'delete', 'ada-pod'], 1, /role viewer may not delete pods/],
    ['vic', ['namespace', 'create', 'mine'], 1, /role viewer may not create namespaces/],
    ['vic', ['secret', 'list'], 1, /role viewer may not read secrets/],
    ['vic', ['node', 'cordon', 'ada-node'], 1, /role viewer may not update nodes/],
    ['vic', ['auth', 'users'], 1, /role viewer may not read users/],
    ['vic', ['pack', 'versions', 'uses-secret'], 4, /pack uses-secret not found/],
    ['bob', ['pod', 'status', 'ada-pod'], 4, /pod ada-pod not found/],
    ['bob', ['pod', 'logs', 'ada-pod'], 4, /pod ada-pod not found/],
    ['bob', ['pod', 'delete', 'ada-pod'], 4, /pod ada-pod not found/],
    ['bob', ['pod', 'create', 'steady'], 4, /pack steady not found/],
    ['bob', ['node', 'cordon', 'ada-node'], 4, /node ada-node not found/],
    ['bob', ['node', 'update', 'bob-node', '--trusted'], 1, /only admins mark nodes trusted/],
    ['bob', ['pod', 'create', 'uses-secret', '-n', 'system'], 1, /only admins may run pods in the system namespace/],
    ['bob', ['namespace', 'delete', 'default'], 1, /shared and cannot be deleted/],
    ['bob', ['auth', 'users'], 1, /role user may not read users/],
    ['bob', ['auth', 'users', 'bob@example.com', '--role', 'admin'], 1, /role user may not update users/],
    ['bob', ['auth', 'register', '--email', 'x@example.com', '--password', 'long-enough-pw'], 1, /only admins create users/],
  ]
  it.each(refusals)('%s: stark %j → exit %i, one line', async (who, args, code, message) => {
    const r = await as(who === 'bob' ? bob : vic)(...args)
    expect(r.code, r.stdout + r.stderr).toBe(code)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
  })

  it('a secret reaches its pod on the pod’s own node, and nothing prints it back', async () => {
    const b = as(bob)
    expect((await b('namespace', 'create', 'team-b', '--quota-pods', '5')).code).toBe(0)
    expect((await b('secret', 'create', 'db', '-n', 'team-b', '--from-literal', `DB_PASSWORD=${SECRET}`)).code).toBe(0)
    expect((await b('pod', 'create', 'default/uses-secret', '--name', 'reader', '-n', 'team-b', '--secret', 'db')).code).toBe(0)
    const done = await until(async () => {
      const p = (await b('pod', 'status', 'reader', '-n', 'team-b', '-o', 'json')).json()
      return p.status === 'Succeeded' ? p : undefined
    })
    expect(done.nodeName).toBe('bob-node')
    const logs = (await b('pod', 'logs', 'reader', '-n', 'team-b')).stdout
    expect(logs).toContain('secret present: true in process.env too: true')
    const { createHash } = await import('node:crypto')
    expect(logs).toContain(`digest ${createHash('sha256').update(SECRET).digest('hex')}`)
    const printed = [
      (await b('secret', 'list', '-n', 'team-b', '-o', 'json')).stdout,
      (await b('pod', 'status', 'reader', '-n', 'team-b', '-o', 'json')).stdout,
      (await b('pod', 'list', '-A', '-o', 'json')).stdout,
      (await as(admin)('events', '-o', 'json')).stdout,
      logs,
      server.proc.output,
      agents[0]!.output,
      agents[1]!.output,
    ]
    for (const text of printed) expect(text).not.toContain(SECRET)
  })
})

describe('TLS: a self-signed server, reached only with -k', () => {
  const home = tempHome()
  let server: Proc
  let agent: Proc | undefined
  let url: string
  const run = (...args: string[]) => stark(home.path, url, args)

  beforeAll(async () => {
    server = start(process.execPath, [starkBin, 'server', 'start', '--port', '0', '--tls-self-signed'], {
      env: { STARK_HOME: home.path, STARK_LOG_FORMAT: 'json', NO_COLOR: '1' },
      name: 'tls server',
    })
    url = (await server.waitFor(/(https:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('refuses the certificate without -k; with -k the CLI and a Node agent work, and a pod runs', async () => {
    const strict = await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')
    expect(strict.code).toBe(5)
    expect((await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1', '-k')).code).toBe(0)
    agent = start(process.execPath, [starkBin, 'node', 'agent', 'start', '--name', 'tls-node', '-k'], {
      env: { STARK_HOME: home.path, STARK_API_URL: url, NO_COLOR: '1' },
      name: 'tls agent',
    })
    await agent.waitFor(/registered/i, 30_000)
    const out = join(home.path, 'steady.bundle.js')
    expect((await run('pack', 'bundle', writePack(home.path, 'steady', LONG_RUNNING), '--out', out)).code).toBe(0)
    expect((await run('pack', 'register', out, '--name', 'steady', '--version', '1.0.0', '-k')).code).toBe(0)
    expect((await run('pod', 'create', 'steady', '--name', 'over-tls', '-k')).code).toBe(0)
    await until(async () => /tick \d+/.test((await run('pod', 'logs', 'over-tls', '-k')).stdout), {
      what: 'the pod to log over TLS',
    })
    expect((await run('pod', 'status', 'over-tls', '-k', '-o', 'json')).json()).toMatchObject({
      status: 'Running',
      nodeName: 'tls-node',
    })
  })
})
