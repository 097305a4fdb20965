/**
 * Quotas bound users, through the built `stark` binary as a new user meets them: the server is
 * started with small STARK_USER_* limits, and a plain user tries to give their namespace a huge
 * quota, to register more pack versions and to queue more pods than they
 * may. Each refusal exits non-zero with one line naming the limit; an admin is not bound. No node
 * joins, so every pod stays Pending (what counts against the limit).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stark, startServer, tempHome, type StarkServer } from './harness/stark'

describe('quotas bound users', () => {
  const admin = tempHome()
  const bob = tempHome()
  let server: StarkServer
  const as =
    (home: { path: string }) =>
    (...args: string[]) =>
      stark(home.path, server.url, args)

  beforeAll(async () => {
    server = await startServer({
      home: admin.path,
      env: { STARK_USER_PENDING_PODS: '3', STARK_USER_PACK_VERSIONS: '2', STARK_USER_NAMESPACE_PODS: '5' },
    })
    const a = as(admin)
    expect((await a('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-battery-1')).code).toBe(0)
    expect((await a('auth', 'register', '--email', 'bob@example.com', '--password', 'bob-long-password-1')).code).toBe(0)
    expect((await as(bob)('auth', 'login', '--email', 'bob@example.com', '--password', 'bob-long-password-1')).code).toBe(0)
    for (const home of [admin, bob])
      writeFileSync(join(home.path, 'app.js'), 'export default async () => { await new Promise(() => {}) }\n')
  })
  afterAll(async () => {
    await server?.stop()
    for (const h of [admin, bob]) h.remove()
  })

  it('a user’s namespace gets the default quota; asking for a bigger one is refused', async () => {
    const b = as(bob)
    const huge = await b('namespace', 'create', 'bobs-huge', '--quota-pods', '100000')
    expect(huge.code).not.toBe(0)
    expect(huge.stderr).toMatch(/pods 100000 is above 5 \(STARK_USER_NAMESPACE_PODS\)/)
    expect((await b('namespace', 'create', 'bobs')).code).toBe(0)
    const list = (await b('namespace', 'list', '-o', 'json')).json<{ name: string; quota: unknown }[]>()
    expect(list.find((n) => n.name === 'bobs')?.quota).toEqual({ pods: 5 })
    expect(list.some((n) => n.name === 'bobs-huge')).toBe(false)
  })

  it('pack versions per user are bounded (403 naming STARK_USER_PACK_VERSIONS); an admin is not', async () => {
    const b = as(bob)
    const file = join(bob.path, 'app.js')
    for (const v of ['1.0.0', '1.0.1'])
      expect((await b('pack', 'register', file, '--name', 'bob-app', '--version', v)).code).toBe(0)
    const third = await b('pack', 'register', file, '--name', 'bob-app', '--version', '1.0.2')
    expect(third.code).not.toBe(0)
    expect(third.stderr).toMatch(/you own 2 pack versions, the most a user may \(STARK_USER_PACK_VERSIONS=2\)/)
    const a = as(admin)
    const mine = await Promise.all(
      ['1.0.0', '2.0.0', '3.0.0'].map((v) =>
        a('pack', 'register', join(admin.path, 'app.js'), '--name', 'ops-app', '--version', v),
      ),
    )
    expect(mine.map((r) => r.code)).toEqual([0, 0, 0])
  })

  it('pods waiting to start are bounded per user across namespaces (429 naming STARK_USER_PENDING_PODS)', async () => {
    const b = as(bob)
    expect((await b('pod', 'create', 'default/bob-app', '-n', 'bobs')).code).toBe(0)
    expect((await b('pod', 'create', 'bob-app')).code).toBe(0)
    expect((await b('pod', 'create', 'bob-app')).code).toBe(0)
    const fourth = await b('pod', 'create', 'bob-app')
    expect(fourth.code).not.toBe(0)
    expect(fourth.stderr).toMatch(
      /you have 3 pods waiting to start \(Pending or Scheduled\), the most a user may \(STARK_USER_PENDING_PODS=3\)/,
    )
    const pods = (await b('pod', 'list', '-A', '-o', 'json')).json<{ status: string }[]>()
    expect(pods.map((p) => p.status)).toEqual(['Pending', 'Pending', 'Pending'])
    const admins = await Promise.all(Array.from({ length: 4 }, () => as(admin)('pod', 'create', 'ops-app')))
    expect(admins.map((r) => r.code)).toEqual([0, 0, 0, 0])
  })
})
