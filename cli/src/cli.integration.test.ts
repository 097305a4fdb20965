/**
 * The CLI against a real server: `startServer` in-process on port 0 with a real (PGlite)
 * database, every command run through `execute` → citty's `runCommand`, a temp STARK_HOME per test.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from 'citty'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultConfig, startServer, type RunningServer } from '@stark/server/testing'
import { openTestPglite } from '@stark/server/testing'
import podList from './commands/pod/list'
import { credentialsPath, readSession, writeSession } from './lib/credentials'
import { ExitCode } from './lib/errors'
import type { Output } from './lib/output'
import { execute } from './lib/run'
import { VERSION } from './lib/version'
import { root } from './root'
import { cliRunner } from './testing/cli-runner'
import { testContext, type TestContext } from './testing/test-context'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse battery'

async function startTestServer(): Promise<RunningServer> {
  const config = { ...defaultConfig({}), host: '127.0.0.1', port: 0, logLevel: 'silent' as const, logPretty: false }
  return startServer({ config, db: await openTestPglite() })
}

const contexts: TestContext[] = []
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup()
})

/** A fresh STARK_HOME pointed at `server`. */
function freshHome(server: RunningServer, options: Parameters<typeof testContext>[0] = {}) {
  const ctx = testContext({ ...options, env: { STARK_API_URL: server.url, ...options.env } })
  contexts.push(ctx)
  return { ctx, stark: cliRunner(() => ctx).stark }
}

describe('stark auth against a new server', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.close())

  it('creates the first admin, saves the session 0600, and refuses a second setup', async () => {
    const { ctx, stark } = freshHome(server)
    const first = await stark('auth', 'setup', '--email', EMAIL, '--password', PASSWORD)
    expect(first).toMatchObject({ code: 0, err: '' })
    expect(first.out).toBe(`admin ${EMAIL} created; logged in to ${server.url}\n`)
    expect(statSync(credentialsPath(ctx.home)).mode & 0o777).toBe(0o600)
    expect(readSession(ctx.home, server.url)).toMatchObject({ email: EMAIL })

    const whoami = await stark('auth', 'whoami', '-o', 'json')
    expect(whoami.code).toBe(0)
    expect(JSON.parse(whoami.out)).toMatchObject({ kind: 'user', role: 'admin', email: EMAIL, apiUrl: server.url })

    const other = freshHome(server)
    const second = await other.stark('auth', 'setup', '--email', 'eve@example.com', '--password', PASSWORD)
    expect(second.code).toBe(ExitCode.failure)
    expect(second.err).toMatch(/^error: .+\n$/)
    expect(second.err.split('\n')).toHaveLength(2)
    expect(readSession(other.ctx.home, server.url)).toBeUndefined()
  })

  it('logs in and out; a wrong password or no session is "not authenticated" (exit 3)', async () => {
    const { stark } = freshHome(server)
    expect((await stark('pod', 'list')).code).toBe(ExitCode.unauthenticated)
    expect((await stark('auth', 'login', '--email', EMAIL, '--password', 'wrong password')).code).toBe(ExitCode.unauthenticated)
    expect(await stark('auth', 'login', '--email', EMAIL, '--password', PASSWORD)).toMatchObject({
      code: 0,
      out: `logged in to ${server.url} as ${EMAIL} (admin)\n`,
    })
    expect(await stark('auth', 'logout')).toMatchObject({ code: 0, out: `logged out of ${server.url}\n` })
    const after = await stark('auth', 'whoami')
    expect(after.code).toBe(ExitCode.unauthenticated)
    expect(after.err).toMatch(/^error: not logged in to /)
  })

  it('refreshes an expired access token against the real server and saves the new pair', async () => {
    const later = Date.now() + 24 * 3_600_000
    const { ctx, stark } = freshHome(server, { now: () => later })
    expect((await stark('auth', 'login', '--email', EMAIL, '--password', PASSWORD)).code).toBe(0)
    const before = readSession(ctx.home, server.url)!
    writeSession(ctx.home, server.url, { ...before, expiresAt: new Date(later - 60_000).toISOString() })
    expect((await stark('auth', 'whoami')).code).toBe(0)
    const after = readSession(ctx.home, server.url)!
    expect(after.refreshToken).not.toBe(before.refreshToken)
    // The spent refresh token no longer works: a session with it and an expired token is over.
    writeSession(ctx.home, server.url, { ...before, expiresAt: new Date(later - 60_000).toISOString() })
    expect((await stark('auth', 'whoami')).code).toBe(ExitCode.unauthenticated)
  })

  it('says when the server cannot be reached (exit 5)', async () => {
    const { stark } = freshHome(server, { env: { STARK_API_URL: 'http://127.0.0.1:9' } })
    const res = await stark('auth', 'login', '--email', EMAIL, '--password', PASSWORD)
    expect(res).toEqual({
      code: ExitCode.unavailable,
      out: '',
      err: 'error: cannot reach the Stark server at http://127.0.0.1:9 (is it running? stark server start)\n',
    })
    // With no saved login, a wrong address is still "unreachable", not "not logged in".
    for (const args of [['pod', 'list'], ['status'], ['auth', 'whoami']]) {
      const r = await stark(...args)
      expect(r.code, args.join(' ')).toBe(ExitCode.unavailable)
      expect(r.err).toMatch(/^error: cannot reach the Stark server at http:\/\/127\.0\.0\.1:9/)
    }
  })
})

describe('stark pack and pod against a server with no nodes', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startTestServer()
    const { stark } = freshHome(server)
    expect((await stark('auth', 'setup', '--email', EMAIL, '--password', PASSWORD)).code).toBe(0)
  })
  afterAll(() => server?.close())

  async function loggedIn() {
    const home = freshHome(server)
    expect((await home.stark('auth', 'login', '--email', EMAIL, '--password', PASSWORD)).code).toBe(0)
    return home
  }

  it('bundles an entry with a default export into one ES module, and refuses one without', async () => {
    const { ctx, stark } = freshHome(server)
    writeFileSync(join(ctx.home, 'greet.ts'), 'export const greet = (n: string): string => `hello ${n}`\n')
    writeFileSync(
      join(ctx.home, 'hello.ts'),
      "import { greet } from './greet'\nexport default async function main(ctx: { log(...a: unknown[]): void }) { ctx.log(greet('world'), process.env.NODE_ENV) }\n",
    )
    const res = await stark('pack', 'bundle', 'hello.ts', '--out', 'out/hello.js', '-o', 'json')
    expect(res.code).toBe(0)
    const info = JSON.parse(res.out)
    expect(info).toMatchObject({
      file: join(ctx.home, 'out/hello.js'),
      exports: ['default'],
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    const code = readFileSync(join(ctx.home, 'out/hello.js'), 'utf8')
    expect(info.size).toBe(Buffer.byteLength(code))
    expect(code).toContain('hello ${n}')
    expect(code).toContain('"production"')
    expect(code).not.toMatch(/^import /m)

    const table = await stark('pack', 'bundle', 'hello.ts')
    expect(table.out).toMatch(/^hello\.pack\.js {2}\d+(\.\d)? (B|kB) {2}sha256 [0-9a-f]{64}\n$/)

    writeFileSync(join(ctx.home, 'nodefault.js'), 'export function main() {}\n')
    const refused = await stark('pack', 'bundle', 'nodefault.js')
    expect(refused.code).toBe(ExitCode.failure)
    expect(refused.err).toBe(
      'error: nodefault.js has no default export: a pack must `export default async function main(ctx) { … }`\n',
    )

    expect((await stark('pack', 'bundle', 'missing.js')).code).toBe(ExitCode.usage)
  })

  it('registers a pack, lists it, creates a pod that stays Pending with the scheduler’s diagnosis, and deletes it', async () => {
    const { ctx, stark } = await loggedIn()
    writeFileSync(join(ctx.home, 'hello.js'), 'export default async function main(ctx) { console.log("hi") }\n')
    expect((await stark('pack', 'bundle', 'hello.js', '--out', 'hello.bundle.js')).code).toBe(0)

    const registered = await stark('pack', 'register', 'hello.bundle.js', '--name', 'hello', '--version', '1.0.0', '-o', 'json')
    expect(registered.code).toBe(0)
    expect(JSON.parse(registered.out)).toMatchObject({
      name: 'hello',
      version: '1.0.0',
      runtime: 'universal',
      visibility: 'private',
    })
    const again = await stark('pack', 'register', 'hello.bundle.js', '--name', 'hello', '--version', '1.0.0')
    expect(again.code).toBe(ExitCode.failure)

    const packs = JSON.parse((await stark('pack', 'list', '-o', 'json')).out)
    expect(packs.map((p: { name: string }) => p.name)).toEqual(['hello'])
    expect((await stark('pack', 'versions', 'hello', '-o', 'plain')).out).toMatch(/^hello\t1\.0\.0\tuniversal\tprivate\t/)

    const created = await stark(
      'pod',
      'create',
      'hello@1.0.0',
      '--env',
      'A=1',
      '--env',
      'B=2',
      '--selector',
      'zone=home',
      '--toleration',
      'gpu:NoSchedule',
      '--cpu',
      '250',
    )
    expect(created.code).toBe(0)
    const name = created.out.trim()
    expect(name).toMatch(/^hello-[a-z0-9]+$/)
    // What shell completion offers for a pod or pack argument, from the server.
    expect((await stark('completion', 'names', 'pods')).out).toBe(`${name}\n`)
    expect((await stark('completion', 'names', 'packs')).out).toBe('hello\n')
    expect((await stark('completion', 'names', 'namespaces')).out).toMatch(/^default$/m)
    // Not logged in, or no server: nothing, and success (completion never gets in the way).
    expect(await freshHome(server).stark('completion', 'names', 'pods')).toMatchObject({ code: 0, out: '' })

    await vi.waitFor(
      async () => {
        const status = await stark('pod', 'status', name, '-o', 'json')
        expect(status.code).toBe(0)
        const pod = JSON.parse(status.out)
        expect(pod).toMatchObject({
          name,
          namespace: 'default',
          status: 'Pending',
          env: { A: '1', B: '2' },
          selector: { zone: 'home' },
          resources: { cpu: 250 },
        })
        expect(pod.message).toMatch(/^0\/0 nodes available/)
      },
      { timeout: 10_000, interval: 100 },
    )

    const table = await stark('pod', 'status', name, '-o', 'table')
    expect(table.out).toMatch(/^Status: +Pending$/m)
    expect(table.out).toMatch(/^Message: +0\/0 nodes available/m)
    expect(table.out).toMatch(/^Reason: +\S+/m)

    const list = await stark('pod', 'list', '-o', 'json')
    const pods = JSON.parse(list.out)
    expect(Array.isArray(pods)).toBe(true)
    expect(pods.map((p: { name: string }) => p.name)).toContain(name)
    expect((await stark('pod', 'list', '-o', 'table')).out).toMatch(/^NAME +STATUS +NODE +PACK +RESTARTS +AGE\n/)
    expect((await stark('pod', 'list', '-n', 'elsewhere', '-o', 'json')).out).toBe('[]\n')

    // A Pending pod stops at once; it stays listed (Stopped, deleted) until garbage collection.
    const deleted = await stark('pod', 'delete', name)
    expect(deleted.code).toBe(0)
    expect(deleted.out).toMatch(new RegExp(`^pod ${name} deleted`))
    const stopped = JSON.parse((await stark('pod', 'status', name, '-o', 'json')).out)
    expect(stopped).toMatchObject({ status: 'Stopped', reason: 'Deleted', deletedAt: expect.any(String) })
    expect(await stark('pod', 'delete', name)).toMatchObject({ code: 0, out: `pod ${name} deleted\n` })
    const gone = await stark('pod', 'status', name)
    expect(gone.code).toBe(ExitCode.notFound)
    expect(gone.err).toMatch(/not found/)
  })

  it('returns data from a command run directly with runCommand', async () => {
    const { ctx } = await loggedIn()
    const { result } = await runCommand(podList, { rawArgs: ['-o', 'json'], data: ctx })
    const output = result as Output
    expect(output.kind).toBe('list')
    expect(output.kind === 'list' && Array.isArray(output.json)).toBe(true)
  })

  it('refuses a pod for a pack that does not exist (exit 4) and bad flags (exit 2)', async () => {
    const { stark } = await loggedIn()
    expect((await stark('pod', 'create', 'nope')).code).toBe(ExitCode.notFound)
    expect((await stark('pod', 'create', 'hello', '--label', 'x')).code).toBe(ExitCode.usage)
    expect((await stark('pod', 'create', 'hello', '--selector', 'bad key=1')).code).toBe(ExitCode.usage)
    expect((await stark('pod', 'create', 'hello', '--name', 'Not_A_Name')).code).toBe(ExitCode.usage)
    expect((await stark('node', 'list', '-o', 'json')).out).toBe('[]\n')
    expect((await stark('node', 'status', 'ghost')).code).toBe(ExitCode.notFound)
    for (const nice of ['20', '-1', 'low']) {
      const refused = await stark('node', 'agent', 'start', '--name', 'box9', '--pod-nice', nice)
      expect(refused.code).toBe(ExitCode.usage)
      expect(refused.err).toMatch(/--pod-nice must be a whole number from 0 to 19/)
    }
  })

  it('joins this machine with node agent start, runs a pod on it, and stops cleanly on SIGINT (exit 0)', async () => {
    const agentHome = await loggedIn()
    const { ctx, stark } = await loggedIn()
    writeFileSync(join(ctx.home, 'greet.js'), 'export default async function main(ctx) { console.log(`hi ${ctx.env.WHO}`) }\n')
    expect((await stark('pack', 'bundle', 'greet.js')).code).toBe(0)
    expect((await stark('pack', 'register', 'greet.pack.js', '--name', 'greet', '--version', '1.0.0')).code).toBe(0)

    const agent = execute(
      root,
      [
        'node',
        'agent',
        'start',
        '--name',
        'box1',
        '--label',
        'zone=home',
        '--label',
        'disk=ssd',
        '--taint',
        'gpu=yes:PreferNoSchedule',
        '--cpu',
        '2000',
        '--memory',
        '512',
        '--pods',
        '5',
        '--log-level',
        'silent',
      ],
      agentHome.ctx,
    )
    try {
      await vi.waitFor(
        async () => {
          const nodes = JSON.parse((await stark('node', 'list', '-o', 'json')).out)
          expect(nodes).toMatchObject([
            {
              name: 'box1',
              status: 'Ready',
              labels: { zone: 'home', disk: 'ssd' },
              allocatable: { cpu: 2000, memory: 512, pods: 5 },
              agentVersion: VERSION,
            },
          ])
        },
        { timeout: 15_000, interval: 100 },
      )
      expect((await stark('node', 'status', 'box1', '-o', 'table')).out).toMatch(/^Taints: +gpu=yes:PreferNoSchedule$/m)

      const name = (await stark('pod', 'create', 'greet', '--env', 'WHO=world', '--selector', 'zone=home')).out.trim()
      await vi.waitFor(
        async () => {
          expect(JSON.parse((await stark('pod', 'status', name, '-o', 'json')).out)).toMatchObject({
            status: 'Succeeded',
            nodeName: 'box1',
          })
        },
        { timeout: 15_000, interval: 100 },
      )
      await vi.waitFor(async () => expect((await stark('pod', 'logs', name)).out).toBe('hi world\n'), {
        timeout: 5000,
        interval: 100,
      })
      expect((await stark('pod', 'logs', name, '-f')).out).toBe('hi world\n')
    } finally {
      agentHome.ctx.interrupt()
    }
    expect(await agent).toBe(0)
    const lines = agentHome.ctx.out()
    expect(lines).toMatch(/node box1: ready/)
    expect(lines).toMatch(/pod default\/greet-[a-z0-9]+: Succeeded/)
    expect(lines).toMatch(/node box1: stopped/)
  })
})
