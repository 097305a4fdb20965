/**
 * The README's quickstart, as a new user runs it: the real `stark` binary for the server, a
 * real Node agent process, and every step through the CLI — on the embedded store, where the
 * quickstart's server keeps its data. What it stores is not what it tests: the store suites run on
 * both engines, and security-logs.test.ts runs a server on PostgreSQL with a real agent through the
 * same steps (setup, register, pods, logs).
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HELLO, LONG_RUNNING, writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

describe('quickstart', () => {
  const home = tempHome()
  let server: StarkServer
  let agent: Proc
  const run = (...args: string[]) => stark(home.path, server.url, args)

  beforeAll(async () => {
    server = await startServer({ home: home.path })
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('creates the first admin once', async () => {
    const setup = await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')
    expect(setup.code, setup.stderr).toBe(0)
    const again = await run('auth', 'setup', '--email', 'eve@example.com', '--password', 'correct-horse-2')
    expect(again.code).not.toBe(0)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
    expect(again.stderr).toMatch(/already/)
    const creds = join(home.path, 'credentials.json')
    expect(statSync(creds).mode & 0o777).toBe(0o600)
    expect((await run('auth', 'whoami', '-o', 'json')).json()).toMatchObject({ email: 'ada@example.com', role: 'admin' })
  })

  it('a node agent registers, heartbeats and shows up Ready', async () => {
    agent = await startAgent(home.path, server.url, 'n1')
    const nodes = await until(async () => {
      const list = (await run('node', 'list', '-o', 'json')).json<any[]>()
      return list.find((n) => n.name === 'n1' && n.status === 'Ready') ? list : undefined
    })
    expect(nodes[0]).toMatchObject({ name: 'n1', runtime: 'node', status: 'Ready', unschedulable: false })
    expect(nodes[0].allocatable.cpu).toBeGreaterThan(0)
  })

  it('bundles, registers and runs a pack to completion, with its logs', async () => {
    const entry = writePack(home.path, 'hello', HELLO)
    const out = join(home.path, 'hello.bundle.js')
    expect((await run('pack', 'bundle', entry, '--out', out)).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/hello from/)
    const reg = await run('pack', 'register', out, '--name', 'hello', '--version', '1.0.0')
    expect(reg.code, reg.stderr).toBe(0)
    const created = await run('pod', 'create', 'hello', '-o', 'json')
    expect(created.code, created.stderr).toBe(0)
    const name = created.json().name as string
    const done = await until(async () => {
      const pod = (await run('pod', 'status', name, '-o', 'json')).json()
      return pod.status === 'Succeeded' ? pod : undefined
    })
    expect(done).toMatchObject({
      status: 'Succeeded',
      nodeName: 'n1',
      pack: { name: 'hello', version: '1.0.0' },
      incarnation: 1,
      restarts: 0,
    })
    const logs = await run('pod', 'logs', name)
    expect(logs.stdout).toContain(`hello from ${name} on node`)
    expect(logs.stdout).toContain('this line goes to stderr')
    expect((await run('pod', 'delete', name)).code).toBe(0)
    expect((await run('pod', 'status', name)).code).toBe(4)
  })

  it('a long-running pack runs until deleted, then stops and its worker is gone', async () => {
    const entry = writePack(home.path, 'long', LONG_RUNNING)
    const out = join(home.path, 'long.bundle.js')
    expect((await run('pack', 'bundle', entry, '--out', out)).code).toBe(0)
    expect((await run('pack', 'register', out, '--name', 'long', '--version', '1.0.0')).code).toBe(0)
    expect((await run('pod', 'create', 'long', '--name', 'worker')).code).toBe(0)
    const ticks = async () => ((await run('pod', 'logs', 'worker')).stdout.match(/^tick \d+$/gm) ?? []).length
    await until(async () => (await run('pod', 'status', 'worker', '-o', 'json')).json().status === 'Running')
    const early = await until(ticks)
    await until(async () => (await ticks()) > early + 3, { what: 'the pack to keep ticking' })
    expect((await run('pod', 'status', 'worker', '-o', 'json')).json().status).toBe('Running')

    const del = await run('pod', 'delete', 'worker', '-o', 'json')
    expect(del.code, del.stderr).toBe(0)
    const stopped = await until(async () => {
      const pod = (await run('pod', 'status', 'worker', '-o', 'json')).json()
      return pod.status === 'Stopped' ? pod : undefined
    })
    expect(stopped.reason).toBe('Deleted')
    const history = (await run('pod', 'history', 'worker', '-o', 'json')).json<any[]>().map((h) => h.status)
    expect(history).toEqual(['Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped'])
    const final = await ticks()
    await new Promise((r) => setTimeout(r, 1000))
    expect(await ticks()).toBe(final)
    expect((await run('pod', 'logs', 'worker')).stdout).toMatch(/started incarnation 1[\s\S]*stopping/)
  })
})
