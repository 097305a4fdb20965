/**
 * Users, namespaces, quotas, secrets and TLS through the CLI, against a real server (in-process,
 * PGlite): `stark auth register|users`, `stark namespace …`, `stark secret …`, `pod create
 * --secret`, and `-k` against a self-signed server.
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, startServer, type RunningServer, type ServerConfig } from '@stark/server/testing'
import { openTestPglite } from '@stark/server/testing'
import { ExitCode } from './lib/errors'
import { cliRunner } from './testing/cli-runner'
import { testContext, type TestContext } from './testing/test-context'

const ADMIN = ['--email', 'ada@example.com', '--password', 'correct horse battery']

async function start(config: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const home = testContext().home
  const base = { ...defaultConfig({}), home, host: '127.0.0.1', port: 0, logLevel: 'silent' as const, logPretty: false }
  return startServer({
    config: { ...base, secretKey: randomBytes(32).toString('base64'), ...config },
    db: await openTestPglite(),
  })
}

const contexts: TestContext[] = []
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup()
})

function freshHome(server: RunningServer, keep: TestContext[] = contexts) {
  const ctx = testContext({ env: { STARK_API_URL: server.url } })
  keep.push(ctx)
  const { stark } = cliRunner(() => ctx)
  return async (...argv: string[]) => ({ ...(await stark(...argv)), ctx })
}

describe('users, namespaces, quotas and secrets from the command line', () => {
  let server: RunningServer
  let admin: ReturnType<typeof freshHome>
  const adminHome: TestContext[] = []
  beforeAll(async () => {
    server = await start()
    admin = freshHome(server, adminHome)
  })
  afterAll(async () => {
    await server?.close()
    for (const c of adminHome) c.cleanup()
  })

  it('an admin creates users, lists them, changes a role, disables and enables', async () => {
    expect((await admin('auth', 'setup', ...ADMIN)).code).toBe(0)
    const created = await admin(
      'auth',
      'register',
      '--email',
      'bob@example.com',
      '--password',
      'bobs password',
      '--role',
      'viewer',
    )
    expect(created).toMatchObject({ code: 0, out: 'user bob@example.com created with role viewer\n' })
    // The admin is still the admin: creating a user does not switch the session.
    expect(JSON.parse((await admin('auth', 'whoami', '-o', 'json')).out).email).toBe('ada@example.com')

    const list = JSON.parse((await admin('auth', 'users', '-o', 'json')).out)
    expect(list.map((u: any) => [u.email, u.role])).toEqual([
      ['ada@example.com', 'admin'],
      ['bob@example.com', 'viewer'],
    ])
    expect((await admin('auth', 'users', 'bob@example.com', '--role', 'user', '-o', 'json')).out).toMatch(/"role": "user"/)
    expect((await admin('auth', 'users', 'bob@example.com', '--disable')).code).toBe(0)
    const bob = freshHome(server)
    const refused = await bob('auth', 'login', '--email', 'bob@example.com', '--password', 'bobs password')
    expect(refused.code).toBe(ExitCode.unauthenticated)
    expect(refused.err).toMatch(/disabled/)
    expect((await admin('auth', 'users', 'bob@example.com', '--enable')).code).toBe(0)
    expect((await bob('auth', 'login', '--email', 'bob@example.com', '--password', 'bobs password')).code).toBe(0)
    // bob is a user: he may not manage users, nor register others while registration is closed.
    expect((await bob('auth', 'users')).code).toBe(ExitCode.failure)
    expect((await bob('auth', 'register', '--email', 'eve@example.com', '--password', 'eves password')).err).toMatch(
      /only admins create users/,
    )
    const anonymous = freshHome(server)
    const closed = await anonymous('auth', 'register', '--email', 'eve@example.com', '--password', 'eves password')
    expect(closed.code).toBe(ExitCode.unauthenticated)
    expect(closed.err).toMatch(/self-registration is closed/)
    // The last admin cannot demote themselves.
    expect((await admin('auth', 'users', 'ada@example.com', '--role', 'user')).err).toMatch(/last admin/)
  })

  it('a namespace quota refuses the pod that would break it, with the reason; a namespace in use is not deleted', async () => {
    const bundleDir = testContext().home
    writeFileSync(
      join(bundleDir, 'p.js'),
      'export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }',
    )
    const created = await admin('namespace', 'create', 'team-a', '--quota-pods', '2', '--quota-memory', '200')
    expect(created).toMatchObject({ code: 0, out: 'namespace team-a created\n' })
    const registered = await admin(
      'pack',
      'register',
      join(bundleDir, 'p.js'),
      '--name',
      'sleeper',
      '--version',
      '1.0.0',
      '-n',
      'team-a',
    )
    expect(registered.out).toMatch(/^pack team-a\/sleeper@1\.0\.0 registered/)
    expect((await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--memory', '64')).code).toBe(0)
    expect((await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--memory', '200')).err).toMatch(
      /quota of namespace team-a exceeded: memory 64 MB used \+ 200 MB requested > 200 MB/,
    )
    expect((await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--memory', '64')).code).toBe(0)
    const third = await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--memory', '1')
    expect(third.code).toBe(ExitCode.failure)
    expect(third.err).toMatch(/pods 2 of 2 used/)
    const list = JSON.parse((await admin('namespace', 'list', '-o', 'json')).out)
    expect(list.find((n: any) => n.name === 'team-a')).toMatchObject({
      quota: { pods: 2, memory: 200 },
      usage: { pods: 2, memory: 128 },
    })
    const busy = await admin('namespace', 'delete', 'team-a')
    expect(busy.code).toBe(ExitCode.failure)
    expect(busy.err).toMatch(/team-a still holds 2 pods/)
    expect((await admin('pod', 'create', 'team-a/sleeper', '-n', 'nowhere')).code).toBe(ExitCode.notFound)
    expect((await admin('namespace', 'delete', 'default')).err).toMatch(/shared/)
  })

  it('secrets: created from literals, files and env files; listed by key; never printed back; given to pods by name', async () => {
    const dir = testContext().home
    writeFileSync(join(dir, 'password.txt'), 'file-secret-value')
    writeFileSync(join(dir, 'app.env'), '# settings\nAPI_KEY=env-file-secret-value\nexport REGION=eu\n')
    const created = await admin(
      'secret',
      'create',
      'db',
      '-n',
      'team-a',
      '--from-literal',
      'DB_USER=literal-secret-value',
      '--from-file',
      `DB_PASSWORD=${join(dir, 'password.txt')}`,
      '--from-env-file',
      join(dir, 'app.env'),
    )
    expect(created.out).toBe('secret db created in namespace team-a (keys: API_KEY, DB_PASSWORD, DB_USER, REGION)\n')
    const outputs = [
      created.out,
      (await admin('secret', 'list', '-A', '-o', 'json')).out,
      (await admin('secret', 'list', '-n', 'team-a')).out,
    ]
    expect(JSON.parse(outputs[1]!)).toEqual([
      expect.objectContaining({ name: 'db', namespace: 'team-a', keys: ['API_KEY', 'DB_PASSWORD', 'DB_USER', 'REGION'] }),
    ])
    expect((await admin('secret', 'create', 'bad', '--from-literal', '1X=y')).err).toMatch(/not a valid key/)
    expect((await admin('secret', 'create', 'empty')).code).toBe(ExitCode.usage)
    // A pod that references it; other pods' secrets are not there for the asking.
    expect(
      (
        await admin(
          'pod',
          'delete',
          JSON.parse((await admin('pod', 'list', '-n', 'team-a', '-o', 'json')).out)[0].name,
          '-n',
          'team-a',
        )
      ).code,
    ).toBe(0)
    const pod = await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--secret', 'db', '--memory', '1', '-o', 'json')
    expect(pod.code, pod.err).toBe(0)
    expect(JSON.parse(pod.out).secrets).toEqual(['db'])
    expect((await admin('pod', 'create', 'sleeper', '-n', 'team-a', '--secret', 'nope')).code).toBe(ExitCode.notFound)
    outputs.push(
      pod.out,
      (await admin('pod', 'status', JSON.parse(pod.out).name, '-n', 'team-a', '-o', 'json')).out,
      (await admin('events', '-o', 'json')).out,
    )
    for (const out of outputs) expect(out).not.toMatch(/secret-value/)
    expect((await admin('secret', 'delete', 'db', '-n', 'team-a')).out).toBe('secret db deleted from namespace team-a\n')
    expect((await admin('secret', 'delete', 'db', '-n', 'team-a')).code).toBe(ExitCode.notFound)
  })
})

describe('open self-registration', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start({ openRegistration: true })
  })
  afterAll(() => server?.close())

  it('anyone registers as a user (never more) and is logged in', async () => {
    const stark = freshHome(server)
    expect((await stark('auth', 'setup', ...ADMIN)).code).toBe(0)
    const eve = freshHome(server)
    expect(
      (await eve('auth', 'register', '--email', 'eve@example.com', '--password', 'eves password', '--role', 'admin')).err,
    ).toMatch(/self-registration gives the role user/)
    const ok = await eve('auth', 'register', '--email', 'eve@example.com', '--password', 'eves password')
    expect(ok.out).toMatch(/^registered eve@example.com \(user\); logged in to/)
    expect(JSON.parse((await eve('auth', 'whoami', '-o', 'json')).out)).toMatchObject({ email: 'eve@example.com', role: 'user' })
  })
})

describe('TLS with a self-signed certificate', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await start({ tls: { selfSigned: true } })
  })
  afterAll(() => server?.close())

  it('serves https; the CLI refuses the certificate unless -k', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const stark = freshHome(server)
    const strict = await stark('auth', 'setup', ...ADMIN)
    expect(strict.code).toBe(ExitCode.unavailable)
    const insecure = await stark('auth', 'setup', ...ADMIN, '-k')
    expect(insecure.code, insecure.err).toBe(0)
    expect(JSON.parse((await stark('auth', 'whoami', '-o', 'json', '--insecure')).out)).toMatchObject({ role: 'admin' })
  })
})
