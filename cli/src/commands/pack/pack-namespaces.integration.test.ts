/**
 * Packs in namespaces from the command line, against a real server in-process (PGlite): two
 * tenants register `web` each in their own namespace (`-n`, or the configured one), lists show one
 * namespace or all (`-A`), and a pod or service of one namespace runs the other's public pack as
 * `ns/web@1.0.0`, while a private one of another namespace is "not found" (exit 4).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, openTestPglite, startServer, type RunningServer } from '@stark/server/testing'
import { ExitCode } from '../../lib/errors'
import { cliRunner } from '../../testing/cli-runner'
import { testContext, type TestContext } from '../../testing/test-context'

let server: RunningServer
const homes: TestContext[] = []

/** A signed-in user with a home of their own (`ada` is the admin who set the server up). */
async function user(name: string, admin?: ReturnType<typeof cliRunner>) {
  const ctx = testContext({ env: { STARK_API_URL: server.url } })
  homes.push(ctx)
  const cli = cliRunner(() => ctx)
  const password = `${name}-long-password-1`
  if (admin)
    expect((await admin.stark('auth', 'register', '--email', `${name}@example.com`, '--password', password)).code).toBe(0)
  const first = admin ? 'login' : 'setup'
  expect((await cli.stark('auth', first, '--email', `${name}@example.com`, '--password', password)).code).toBe(0)
  writeFileSync(join(ctx.home, 'web.js'), `export default async function main(ctx) { ctx.log('${name}') }\n`)
  return cli
}

let ada: ReturnType<typeof cliRunner>
let alice: ReturnType<typeof cliRunner>
let bob: ReturnType<typeof cliRunner>

beforeAll(async () => {
  const config = { ...defaultConfig({}), host: '127.0.0.1', port: 0, logLevel: 'silent' as const, logPretty: false }
  server = await startServer({ config, db: await openTestPglite() })
  ada = await user('ada')
  alice = await user('alice', ada)
  bob = await user('bob', ada)
})
afterAll(async () => {
  await server?.close()
  for (const h of homes) h.cleanup()
})

describe('stark pack in namespaces', () => {
  it('registers web into each tenant’s namespace, with -n or the configured namespace', async () => {
    expect((await alice.stark('namespace', 'create', 'team-a')).code).toBe(0)
    expect((await bob.stark('namespace', 'create', 'team-b')).code).toBe(0)
    const a = await alice.stark(
      'pack',
      'register',
      'web.js',
      '--name',
      'web',
      '--version',
      '1.0.0',
      '--visibility',
      'public',
      '-n',
      'team-a',
    )
    expect(a).toMatchObject({ code: 0, out: expect.stringMatching(/^pack team-a\/web@1\.0\.0 registered/) })
    expect((await bob.stark('config', 'set', 'namespace', 'team-b')).code).toBe(0)
    const b = await bob.stark('pack', 'register', 'web.js', '--name', 'web', '--version', '1.0.0')
    expect(b).toMatchObject({ code: 0, out: expect.stringMatching(/^pack team-b\/web@1\.0\.0 registered/) })
    // Nobody registers into another tenant's namespace (it answers as one that does not exist).
    const squat = await bob.stark('pack', 'register', 'web.js', '--name', 'web', '--version', '2.0.0', '-n', 'team-a')
    expect(squat.code).toBe(ExitCode.notFound)
  })

  it('lists the current namespace’s packs, or every namespace’s with -A', async () => {
    expect((await bob.stark('pack', 'list', '-o', 'name')).out).toBe('pack/web@1.0.0\n')
    const all = (await bob.stark('pack', 'list', '-A')).out.split('\n')
    expect(all[0]).toMatch(/^NAMESPACE\s+NAME\s+VERSION\s+RUNTIME\s+VISIBILITY/)
    expect(all.filter((l) => /^team-[ab]\s+web\s+1\.0\.0/.test(l))).toHaveLength(2)
    expect((await bob.stark('pack', 'list', '-A', '-o', 'name')).out).toBe('pack/team-a/web@1.0.0\npack/team-b/web@1.0.0\n')
    expect((await bob.stark('pack', 'versions', 'team-a/web', '-o', 'plain')).out).toMatch(/^web\t1\.0\.0\tuniversal\tpublic\t/)
    expect((await bob.stark('pack', 'versions', 'web', '-n', 'team-a', '-o', 'json')).code).toBe(0)
    expect((await bob.stark('pack', 'versions', 'web@1.0.0')).code).toBe(ExitCode.usage)
    expect((await bob.stark('completion', 'names', 'packs')).out).toBe('team-a/web\nweb\n')
  })

  it('runs another namespace’s public pack as ns/name@version, and refuses a private one as not found', async () => {
    const pod = await bob.json('pod', 'create', 'team-a/web@1.0.0', '--name', 'borrowed')
    expect(pod).toMatchObject({ namespace: 'team-b', pack: { namespace: 'team-a', name: 'web', version: '1.0.0' } })
    expect((await bob.stark('pod', 'list')).out).toMatch(/^borrowed\s.*\steam-a\/web@1\.0\.0\s/m)
    const own = await bob.json('pod', 'create', 'web', '--name', 'own')
    expect(own.pack).toMatchObject({ namespace: 'team-b', name: 'web' })
    expect((await bob.stark('pod', 'list')).out).toMatch(/^own\s.*\sweb@1\.0\.0\s/m)
    const svc = await bob.stark('service', 'create', 'front', '--pack', 'team-a/web@1.0.0', '--replicas', '0')
    expect(svc.out).toMatch(/of team-a\/web@1\.0\.0/)

    expect((await alice.stark('pack', 'register', 'web.js', '--name', 'hidden', '--version', '1.0.0', '-n', 'team-a')).code).toBe(
      0,
    )
    const hidden = await bob.stark('pod', 'create', 'team-a/hidden@1.0.0')
    const absent = await bob.stark('pod', 'create', 'team-a/nothing@1.0.0')
    expect(hidden.code).toBe(ExitCode.notFound)
    expect(hidden.err.replace('hidden', 'X')).toBe(absent.err.replace('nothing', 'X'))
    expect((await bob.stark('pod', 'create', 'Team/web')).code).toBe(ExitCode.usage)
    expect((await bob.stark('service', 'create', 'x', '--pack', 'a/b/c')).code).toBe(ExitCode.usage)
  })
})
