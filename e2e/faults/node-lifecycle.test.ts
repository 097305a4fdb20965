/**
 * Node lifecycle with real agents, right after a server start: agents stopped on purpose
 * (SIGTERM), killed (SIGKILL) and frozen (SIGSTOP) at once. The server runs with a 10-minute
 * start-up grace, so a pod replaced in time proves the grace did not hold back nodes that
 * registered with this server. Then `stark node delete` and `stark node drain`; and, on a second
 * cluster, a mass outage that holds until `stark cluster resume-evictions`, said by
 * `stark status`, /health and /metrics meanwhile.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from '../harness/packs'
import { until, type Proc } from '../harness/processes'
import { savedAccessToken, stark, startAgent, startServer, tempHome } from '../harness/stark'

type Pod = { name: string; status: string; nodeName: string | null; deleting?: boolean }

async function cluster(serverArgs: string[], env: NodeJS.ProcessEnv = {}) {
  const home = tempHome()
  const server = await startServer({ home: home.path, args: serverArgs, env })
  const cli = (...args: string[]) => stark(home.path, server.url, args)
  const setup = await cli('auth', 'setup', '--email', 'ops@example.com', '--password', 'lifecycle-password')
  expect(setup.code, setup.stderr).toBe(0)
  const entry = writePack(home.path, 'long', LONG_RUNNING)
  expect((await cli('pack', 'bundle', entry, '--out', join(home.path, 'long.js'))).code).toBe(0)
  expect(
    (await cli('pack', 'register', join(home.path, 'long.js'), '--name', 'long', '--version', '1.0.0', '--runtime', 'node')).code,
  ).toBe(0)
  const api = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${savedAccessToken(home.path, server.url)}` },
    })
    return { status: res.status, body: (await res.json().catch(() => null)) as any, text: '' }
  }
  const running = async (avoid: Set<string>) => {
    const s = (await api('/api/services/web')).body as { pods: Pod[] }
    return s.pods.filter((p) => p.status === 'Running' && !p.deleting && p.nodeName !== null && !avoid.has(p.nodeName))
  }
  const node = async (name: string) => (await api(`/api/nodes/${name}`)).body
  return { home, server, cli, api, running, node }
}

describe('node lifecycle with real agents', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('leaving, killed and frozen agents at once: pods move without waiting for any grace; delete and drain', async () => {
    const c = await cluster(['--startup-grace', '10m'])
    const agents: Record<string, Proc> = {}
    cleanups.push(async () => {
      agents.frozen?.signal('SIGCONT')
      for (const a of Object.values(agents)) await a.stop()
      await c.server.stop()
      c.home.remove()
    })
    // The leaver and the killed agent keep their pod folders in temp folders of their own.
    const tmp: Record<string, string> = { leaver: join(c.home.path, 'tmp-leaver'), killed: join(c.home.path, 'tmp-killed') }
    for (const dir of Object.values(tmp)) mkdirSync(dir)
    const podFolders = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('stark-pods-'))
    for (const name of ['leaver', 'killed', 'frozen', 'keeper-1', 'keeper-2'])
      agents[name] = await startAgent(c.home.path, c.server.url, name, [], tmp[name] ? { TMPDIR: tmp[name] } : {})
    expect(
      (await c.cli('service', 'create', 'web', '--pack', 'long', '--replicas', '10', '--cpu', '10', '--memory', '16')).code,
    ).toBe(0)
    await until(async () => ((await c.running(new Set())).length === 10 ? true : undefined), {
      what: 'the service to converge',
      timeoutMs: 60_000,
    })

    agents.leaver!.signal('SIGTERM')
    agents.killed!.signal('SIGKILL')
    agents.frozen!.signal('SIGSTOP')
    // The agent stopped on purpose tells the server, stops its pods and exits cleanly, its pod folders removed.
    expect((await agents.leaver!.exited).code).toBe(0)
    expect(podFolders(tmp.leaver!)).toEqual([])
    expect(await c.node('leaver')).toMatchObject({ status: 'Offline', reason: 'Left' })
    const gone = new Set(['leaver', 'killed', 'frozen'])
    await until(async () => ((await c.running(gone)).length === 10 ? true : undefined), {
      what: 'every replica Running on the keepers',
      timeoutMs: 60_000,
    })
    expect((await c.node('killed')).status).not.toBe('Ready')
    const status = (await c.cli('status', '-o', 'json')).json()
    expect(status.evictions).toEqual({ paused: false, massOutage: null })

    // Delete: a NotReady node goes; a Ready one is refused without --force.
    const refused = await c.cli('node', 'delete', 'keeper-1')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/keeper-1 is Ready.*--force/)
    const deleted = await c.cli('node', 'delete', 'killed')
    expect(deleted.code, deleted.stderr).toBe(0)
    expect((await c.api('/api/nodes/killed')).status).toBe(404)

    // Drain: keeper-1's pods stop and the service places them on keeper-2.
    const drained = await c.cli('node', 'drain', 'keeper-1', '--timeout', '1m')
    expect(drained.code, drained.stderr).toBe(0)
    expect(drained.stderr).toMatch(/cordoned; stopping \d+ pod/)
    expect((await c.node('keeper-1')).unschedulable).toBe(true)
    await until(async () => ((await c.running(new Set([...gone, 'keeper-1']))).length === 10 ? true : undefined), {
      what: 'every replica on keeper-2',
      timeoutMs: 60_000,
    })
    const events = (await c.cli('events', '-o', 'json')).json() as { type: string }[]
    for (const type of ['NodeLeft', 'NodeDeleted', 'NodeDraining', 'NodeDrained'])
      expect(events.map((e) => e.type)).toContain(type)

    // The killed agent could not remove its pod folder; the next agent on that temp folder does.
    await agents.killed!.exited
    const left = podFolders(tmp.killed!)
    expect(left).toHaveLength(1)
    agents.next = await startAgent(c.home.path, c.server.url, 'next', [], { TMPDIR: tmp.killed! })
    const now = podFolders(tmp.killed!)
    expect(now).toHaveLength(1)
    expect(now).not.toContain(left[0])
    expect(JSON.parse(readFileSync(join(tmp.killed!, now[0]!, 'owner'), 'utf8')).pid).toBe(agents.next.child.pid)
  })

  it('a mass outage pauses evictions, says so everywhere, and ends when an admin resumes evictions', async () => {
    // The pause may only end by the admin here: its time limit and stability period are long.
    const c = await cluster(['--startup-grace', '0s', '--mass-outage-max', '10m'], { STARK_MASS_OUTAGE_GRACE: '10m' })
    const agents: Record<string, Proc> = {}
    cleanups.push(async () => {
      for (const a of Object.values(agents)) await a.stop()
      await c.server.stop()
      c.home.remove()
    })
    for (const name of ['m1', 'm2', 'm3', 'm4']) agents[name] = await startAgent(c.home.path, c.server.url, name)
    expect(
      (await c.cli('service', 'create', 'web', '--pack', 'long', '--replicas', '4', '--cpu', '10', '--memory', '16')).code,
    ).toBe(0)
    await until(async () => ((await c.running(new Set())).length === 4 ? true : undefined), {
      what: 'the service to converge',
      timeoutMs: 60_000,
    })
    for (const name of ['m1', 'm2', 'm3']) agents[name]!.signal('SIGKILL')
    const status = await until(
      async () => {
        const s = (await c.cli('status', '-o', 'json')).json()
        return s.evictions?.paused ? s : undefined
      },
      { what: 'evictions paused', timeoutMs: 30_000 },
    )
    expect(status.evictions.massOutage.nodesDown).toEqual(['m1', 'm2', 'm3'])
    expect((await c.cli('status')).stdout).toMatch(/PAUSED.*m1, m2, m3.*stark cluster resume-evictions/)
    const health = await fetch(`${c.server.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      evictions: { paused: true, massOutage: { nodesDown: ['m1', 'm2', 'm3'] } },
    })
    const metrics = await (
      await fetch(`${c.server.url}/metrics`, {
        headers: { authorization: `Bearer ${savedAccessToken(c.home.path, c.server.url)}` },
      })
    ).text()
    expect(metrics).toMatch(/^stark_evictions_paused 1$/m)
    expect(metrics).toMatch(/^stark_mass_outage_nodes 3$/m)

    const resumed = await c.cli('cluster', 'resume-evictions')
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout + resumed.stderr).toMatch(/evictions resumed/)
    await until(async () => ((await c.running(new Set(['m1', 'm2', 'm3']))).length === 4 ? true : undefined), {
      what: 'every replica on m4',
      timeoutMs: 60_000,
    })
    expect((await c.cli('status', '-o', 'json')).json().evictions.paused).toBe(false)
  })
})
