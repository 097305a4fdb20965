/**
 * Pack names live in namespaces, as two tenants meet them through the built `stark` binary, a
 * real server and a real Node agent: Alice and Bob each register `web@1.0.0` in their own
 * namespace; Alice's is public, so Bob runs it as `team-a/web@1.0.0` on his node (and his own
 * `web` by name); Alice's private pack answers Bob exactly as one that does not exist, and Bob
 * cannot register into Alice's namespace.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

const says = (who: string) => `export default async function main(ctx) { console.log('web of ${who} in ' + ctx.pod.namespace) }\n`

describe('pack names per namespace, between two tenants', () => {
  const admin = tempHome()
  const alice = tempHome()
  const bob = tempHome()
  let server: StarkServer
  let agent: Proc | undefined
  const as =
    (home: { path: string }) =>
    async (...args: string[]) =>
      stark(home.path, server.url, args)
  const ok = async (home: { path: string }, ...args: string[]) => {
    const r = await as(home)(...args)
    expect(r.code, `stark ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
    return r
  }
  /** Bundles `source` in `home` and registers it as `name@1.0.0` with `flags`. */
  const register = async (home: { path: string }, name: string, source: string, ...flags: string[]) => {
    const out = join(home.path, `${name}.bundle.js`)
    await ok(home, 'pack', 'bundle', writePack(home.path, name, source), '--out', out)
    return as(home)('pack', 'register', out, '--name', name, '--version', '1.0.0', '--runtime', 'node', ...flags)
  }
  /** A finished pod's log. */
  const logOf = async (home: { path: string }, pod: string) => {
    await until(
      async () => ((await as(home)('pod', 'status', pod, '-o', 'json')).json().status === 'Succeeded' ? true : undefined),
      { what: `${pod} Succeeded`, timeoutMs: 30_000 },
    )
    return (await ok(home, 'pod', 'logs', pod)).stdout
  }

  beforeAll(async () => {
    server = await startServer({ home: admin.path })
    await ok(admin, 'auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')
    for (const [home, name, ns] of [
      [alice, 'alice', 'team-a'],
      [bob, 'bob', 'team-b'],
    ] as const) {
      await ok(admin, 'auth', 'register', '--email', `${name}@example.com`, '--password', `${name}-password-1`)
      await ok(home, 'auth', 'login', '--email', `${name}@example.com`, '--password', `${name}-password-1`)
      await ok(home, 'namespace', 'create', ns)
      await ok(home, 'config', 'set', 'namespace', ns)
    }
    agent = await startAgent(bob.path, server.url, 'bob-node')
  }, 120_000)
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    for (const h of [admin, alice, bob]) h.remove()
  })

  it('each tenant registers web@1.0.0 in its own namespace, and nobody into another’s', async () => {
    const a = await register(alice, 'web', says('alice'), '--visibility', 'public')
    expect(a.stdout).toMatch(/^pack team-a\/web@1\.0\.0 registered/)
    const b = await register(bob, 'web', says('bob'))
    expect(b.stdout).toMatch(/^pack team-b\/web@1\.0\.0 registered/)
    const squat = await register(bob, 'web', says('bob'), '-n', 'team-a')
    expect(squat.code).toBe(4)
    expect(squat.stderr).toMatch(/namespace team-a not found/)
    expect((await register(alice, 'private-web', says('alice, privately'))).code).toBe(0)
    // Bob sees his web and Alice's public one, not her private pack.
    const listed = (await ok(bob, 'pack', 'list', '-A', '-o', 'name')).stdout
    expect(listed).toBe('pack/team-a/web@1.0.0\npack/team-b/web@1.0.0\n')
  })

  it('Bob runs Alice’s public web as team-a/web@1.0.0, and his own as web', async () => {
    await ok(bob, 'pod', 'create', 'team-a/web@1.0.0', '--name', 'borrowed')
    await ok(bob, 'pod', 'create', 'web', '--name', 'own')
    expect(await logOf(bob, 'borrowed')).toContain('web of alice in team-b')
    expect(await logOf(bob, 'own')).toContain('web of bob in team-b')
    const table = (await ok(bob, 'pod', 'list')).stdout
    expect(table).toMatch(/^borrowed\s.*\steam-a\/web@1\.0\.0\s/m)
    expect(table).toMatch(/^own\s.*\sweb@1\.0\.0\s/m)
  })

  it('Alice’s private pack answers Bob as one that does not exist (exit 4, the same words)', async () => {
    const hidden = await as(bob)('pod', 'create', 'team-a/private-web@1.0.0')
    const absent = await as(bob)('pod', 'create', 'team-a/no-such-web@1.0.0')
    expect(hidden.code).toBe(4)
    expect(absent.code).toBe(4)
    expect(hidden.stderr.replace('private-web', 'X')).toBe(absent.stderr.replace('no-such-web', 'X'))
    const versions = await as(bob)('pack', 'versions', 'team-a/private-web')
    expect(versions.code).toBe(4)
    expect(versions.stderr.replace('private-web', 'X')).toBe(
      (await as(bob)('pack', 'versions', 'team-a/no-such-web')).stderr.replace('no-such-web', 'X'),
    )
    // Alice runs it from her namespace by name.
    expect((await ok(alice, 'pod', 'create', 'private-web', '--name', 'hers')).code).toBe(0)
  })
})
