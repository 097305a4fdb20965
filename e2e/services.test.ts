/**
 * Services from the outside, with the built `stark` binary for the server, real Node agents and
 * every step through the CLI (REST only to sample availability while things move): a replicated
 * service converges and re-converges after a pod's process is killed and after an agent is killed
 * (SIGKILL); scale up and down; a rolling update between two good versions keeps availability;
 * a version that throws at start (even with --min-ready-seconds 0) backs off and is rolled back
 * automatically; pause/resume; a DaemonSet follows nodes joining and leaving; delete leaves no pod
 * running anywhere.
 *
 * On the embedded store only: the service controller is what is tested here, not the store. The
 * services store runs on both engines in services.contract.test.ts, and a service with real agents
 * runs on PostgreSQL in faults/multi-server.test.ts (three servers, the leader killed).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

/** A long-running pack that says which version it is and its process id, then ticks until stopped. */
const ticker = (version: string) => `
export default async function main(ctx) {
  console.log('started ${version} incarnation ' + ctx.pod.incarnation + ' pid ' + process.pid)
  const timer = setInterval(() => console.log('tick ${version}'), 200)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
}
`
const THROWS_AT_START = `
export default async function main() {
  throw new Error('bad release: cannot start')
}
`

/** Declares readiness (it prints stark:ready) but says so only when `when` holds. */
const gated = (when: string) => `
export default async function main(ctx) {
  console.log('waiting')
  if (${when}) console.log('stark:ready')
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`

interface Service {
  name: string
  pack: { version: string }
  counts: { desired: number; current: number; ready: number; updated: number; available: number }
  condition: { type: string; reason: string; message: string } | null
  rollout: unknown
  failedVersion: { version: string } | null
  healthyVersion: { version: string } | null
  pods: {
    name: string
    status: string
    reason: string | null
    nodeName: string | null
    version: string
    deleting: boolean
    restarts: number
    incarnation: number
  }[]
  events: { type: string; message: string | null }[]
}
interface Pod {
  name: string
  status: string
  reason: string | null
  message: string | null
  nodeName: string | null
  service: string | null
  incarnation: number
  restarts: number
  pack: { version: string }
}

describe('services with real agents', () => {
  const home = tempHome()
  let server: StarkServer
  const agents = new Map<string, Proc>()
  let token = ''
  const cli = (...args: string[]) => stark(home.path, server.url, args)
  const ok = async (...args: string[]) => {
    const r = await cli(...args)
    expect(r.code, `stark ${args.join(' ')}: ${r.stderr}`).toBe(0)
    return r
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
    return (await res.json()) as T
  }
  const service = (name: string) => api<Service>(`/api/services/${name}`)
  const pods = async (serviceName: string) =>
    (await api<{ items: Pod[] }>('/api/pods')).items.filter((p) => p.service === serviceName)
  const running = async (serviceName: string) => (await pods(serviceName)).filter((p) => p.status === 'Running')
  const logs = async (pod: string) =>
    (await api<{ items: { line: string; incarnation: number }[] }>(`/api/pods/${pod}/logs`)).items
  const agent = async (name: string, flags: string[] = []) =>
    agents.set(name, await startAgent(home.path, server.url, name, flags))
  const wait = (name: string, timeout = 60) =>
    ok('service', 'status', name, '--wait', '--timeout', String(timeout), '-o', 'json').then((r) => r.json<Service>())

  /** Samples a service's counts and its Running pods every 50 ms until stopped. */
  function sample(name: string) {
    const samples: { available: number; current: number; running: number }[] = []
    let sampling = true
    const loop = (async () => {
      while (sampling) {
        const [s, r] = await Promise.all([service(name), running(name)])
        samples.push({
          available: s.counts.available,
          current: s.counts.current,
          running: r.filter((p) => p.pack.version !== '3.0.0').length,
        })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    return {
      async stop() {
        sampling = false
        await loop
        return samples
      },
    }
  }

  async function register(name: string, version: string, source: string) {
    const entry = writePack(home.path, `${name}-${version}`, source)
    const out = join(home.path, `${name}-${version}.bundle.js`)
    await ok('pack', 'bundle', entry, '--out', out)
    await ok('pack', 'register', out, '--name', name, '--version', version, '--runtime', 'node')
  }

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    await ok('auth', 'setup', '--email', 'ops@example.com', '--password', 'services-e2e-pass')
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'services-e2e-pass' }),
    })
    token = ((await login.json()) as { accessToken: string }).accessToken
    await agent('n1')
    await agent('n2')
    await register('ticker', '1.0.0', ticker('1.0.0'))
    await register('ticker', '2.0.0', ticker('2.0.0'))
    await register('ticker', '3.0.0', THROWS_AT_START)
  })
  afterAll(async () => {
    for (const a of agents.values()) await a.stop()
    await server?.stop()
    home.remove()
  })

  it('a replicated service converges: 3 pods of 1.0.0 Running across both agents, each really running', async () => {
    const created = await ok('service', 'create', 'web', '--pack', 'ticker@1.0.0', '--replicas', '3')
    expect(created.stdout).toBe('service web created: 3 pod(s) of ticker@1.0.0\n')
    const s = await wait('web')
    expect(s.counts).toEqual({ desired: 3, current: 3, ready: 3, updated: 3, available: 3 })
    expect(new Set(s.pods.map((p) => p.nodeName))).toEqual(new Set(['n1', 'n2']))
    for (const p of await running('web')) {
      await until(async () => (await logs(p.name)).some((l) => l.line === 'tick 1.0.0'), { what: `${p.name} ticking` })
    }
    const table = await ok('service', 'status', 'web', '-o', 'table')
    expect(table.stdout).toMatch(/^Pods: +desired 3, current 3, ready 3, up-to-date 3, available 3$/m)
    expect((await ok('service', 'list', '-o', 'json')).json()).toMatchObject([
      { name: 'web', mode: 'replicas', counts: { desired: 3, available: 3 } },
    ])
  })

  it("re-converges after a pod's process is killed from outside: restarted on its node as a new incarnation", async () => {
    const [victim] = await running('web')
    const started = (await logs(victim!.name)).map((l) => /pid (\d+)/.exec(l.line)).find(Boolean)
    const pid = Number(started![1])
    expect(pid).not.toBe(agents.get(victim!.nodeName!)!.child.pid)
    process.kill(pid, 'SIGKILL')
    const back = await until(
      async () =>
        ((p) => (p && p.status === 'Running' && p.incarnation === victim!.incarnation + 1 ? p : undefined))(
          (await pods('web')).find((p) => p.name === victim!.name),
        ),
      { timeoutMs: 30_000, what: `${victim!.name} restarted` },
    )
    expect(back).toMatchObject({ nodeName: victim!.nodeName, restarts: 1 })
    const history = (await ok('pod', 'history', victim!.name, '-o', 'json')).json<{ status: string; reason: string | null }[]>()
    // A first crash restarts at once: no back-off in between.
    expect(history.map((h) => h.reason)).toContain('Restarted')
    expect(history.map((h) => h.reason)).not.toContain('CrashLoopBackOff')
    await until(
      async () => (await logs(victim!.name)).some((l) => l.incarnation === back.incarnation && l.line === 'tick 1.0.0'),
      { what: 'the new run ticking' },
    )
    expect((await wait('web')).counts.available).toBe(3)
  })

  it('scales up to 5 and down to 2', async () => {
    await ok('service', 'scale', 'web', '--replicas', '5')
    expect((await wait('web')).counts).toMatchObject({ desired: 5, available: 5 })
    await ok('service', 'scale', 'web', '--replicas', '2')
    const s = await wait('web')
    expect(s.counts).toMatchObject({ desired: 2, current: 2, available: 2 })
    await until(async () => (await running('web')).length === 2, { what: 'two pods left running' })
  })

  it('a rolling update between two good versions keeps availability (never fewer than 2 available, never more than 3 pods)', async () => {
    const sampler = sample('web')
    const update = await ok('service', 'update', 'web', '--pack', 'ticker@2.0.0')
    expect(update.stdout).toMatch(/rolling out ticker@2\.0\.0 \(from ticker@1\.0\.0\)/)
    const s = await wait('web')
    const samples = await sampler.stop()
    expect(s).toMatchObject({ pack: { version: '2.0.0' }, healthyVersion: { version: '2.0.0' }, rollout: null })
    expect(s.pods.filter((p) => !p.deleting).map((p) => p.version)).toEqual(['2.0.0', '2.0.0'])
    expect(samples.length).toBeGreaterThan(5)
    expect(Math.min(...samples.map((x) => x.available))).toBeGreaterThanOrEqual(2)
    expect(Math.min(...samples.map((x) => x.running))).toBeGreaterThanOrEqual(2)
    expect(Math.max(...samples.map((x) => x.current))).toBeLessThanOrEqual(3)
    for (const p of await running('web'))
      await until(async () => (await logs(p.name)).some((l) => l.line === 'tick 2.0.0'), { what: `${p.name} runs 2.0.0` })
    expect(s.events.map((e) => e.type)).toEqual(expect.arrayContaining(['RolloutStarted', 'RolloutComplete']))
  })

  it('a version that throws at start backs off, then is rolled back automatically, visible in status and events', async () => {
    const sampler = sample('web')
    // Even with no minimum ready time its pods never count as available: Running is reported
    // before the pack's code has run.
    await ok('service', 'update', 'web', '--pack', 'ticker@3.0.0', '--min-ready-seconds', '0')
    const s = await until(async () => ((x) => (x.condition?.type === 'RolledBack' ? x : undefined))(await service('web')), {
      timeoutMs: 60_000,
      what: 'the rollback',
    })
    expect(s.condition!.message).toMatch(
      /rolled back from ticker@3\.0\.0 to ticker@2\.0\.0: the new version failed 3 times in a row during the rollout \(last: .*bad release: cannot start/,
    )
    expect(s.failedVersion).toMatchObject({ version: '3.0.0' })
    // Waiting on the rollout reports its outcome: exit 1 with the reason, as it was rolled back.
    const waited = await cli('service', 'status', 'web', '--wait', '--timeout', '60', '-o', 'json')
    expect(waited.code).toBe(1)
    expect(waited.stderr).toMatch(/rolled back from ticker@3\.0\.0 to ticker@2\.0\.0/)
    const done = await until(
      async () => {
        const x = await service('web')
        const live = x.pods.filter((p) => !p.deleting && p.status === 'Running')
        return live.length === 2 && live.every((p) => p.version === '2.0.0') ? x : undefined
      },
      { timeoutMs: 60_000, what: 'the previous version running again' },
    )
    expect(done.pods.filter((p) => !p.deleting).map((p) => p.version)).toEqual(['2.0.0', '2.0.0'])
    const table = (await ok('service', 'status', 'web', '-o', 'table')).stdout
    expect(table).toMatch(/^Condition: +RolledBack \(RollbackAfterFailures\): rolled back from ticker@3\.0\.0 to ticker@2\.0\.0/m)
    expect(table).toMatch(/^Failed version: +ticker@3\.0\.0/m)
    expect(table).toMatch(/^Event .*BackOff/m)
    expect(table).toMatch(/^Event .*RolledBack: rolled back from ticker@3\.0\.0/m)
    // Availability held throughout: the 2.0.0 pods kept running while 3.0.0 crashed.
    const samples = await sampler.stop()
    expect(Math.min(...samples.map((x) => x.available))).toBeGreaterThanOrEqual(2)
    expect(Math.min(...samples.map((x) => x.running))).toBeGreaterThanOrEqual(2)
  })

  it('pause keeps the pods and stops reconciling; resume picks up', async () => {
    await ok('service', 'pause', 'web')
    await ok('service', 'scale', 'web', '--replicas', '3')
    await new Promise((r) => setTimeout(r, 1500))
    expect((await service('web')).counts).toMatchObject({ desired: 3, current: 2 })
    await ok('service', 'resume', 'web')
    expect((await wait('web')).counts).toMatchObject({ desired: 3, available: 3 })
  })

  it('re-converges after an agent is killed (SIGKILL): its pods move to the other node', async () => {
    // No wait for the server's start-up grace: it spares only nodes that were Ready before it started.
    await ok('service', 'scale', 'web', '--replicas', '4')
    await wait('web')
    const onN2 = (await running('web')).filter((p) => p.nodeName === 'n2')
    expect(onN2.length).toBeGreaterThan(0)
    agents.get('n2')!.signal('SIGKILL')
    await agents.get('n2')!.exited
    agents.delete('n2')
    const s = await until(
      async () =>
        ((x) =>
          x.counts.available === 4 &&
          x.pods.filter((p) => !p.deleting).every((p) => p.nodeName === 'n1' && p.status === 'Running')
            ? x
            : undefined)(await service('web')),
      { timeoutMs: 60_000, what: 'all four pods Running on n1' },
    )
    expect(s.counts).toMatchObject({ desired: 4, current: 4 })
    for (const p of onN2)
      expect((await pods('web')).find((x) => x.name === p.name)).toMatchObject({ nodeName: 'n1', status: 'Running' })
    await agent('n2')
  })

  it('a DaemonSet follows nodes joining and leaving', async () => {
    await ok('service', 'create', 'daemon', '--pack', 'ticker@1.0.0', '--daemonset', '--selector', 'role=edge')
    expect((await ok('service', 'status', 'daemon', '-o', 'json')).json<Service>().counts.desired).toBe(0)
    await agent('e1', ['--label', 'role=edge'])
    await agent('e2', ['--label', 'role=edge'])
    const nodesOf = async () => (await running('daemon')).map((p) => p.nodeName).sort()
    await until(async () => JSON.stringify(await nodesOf()) === '["e1","e2"]', { what: 'a pod on e1 and e2' })
    expect((await wait('daemon')).counts).toMatchObject({ desired: 2, available: 2 })

    await agent('e3', ['--label', 'role=edge'])
    await until(async () => JSON.stringify(await nodesOf()) === '["e1","e2","e3"]', { what: 'a pod on the new node e3' })

    await agents.get('e3')!.stop()
    agents.delete('e3')
    await until(async () => JSON.stringify(await nodesOf()) === '["e1","e2"]', { what: 'e3 left' })
    const s = await until(
      async () => ((x) => (x.counts.desired === 2 && x.counts.current === 2 ? x : undefined))(await service('daemon')),
      { what: 'desired 2 again' },
    )
    expect(
      s.pods
        .filter((p) => !p.deleting)
        .map((p) => p.nodeName)
        .sort(),
    ).toEqual(['e1', 'e2'])
  })

  it('a pack that declares readiness counts as ready only once it prints stark:ready', async () => {
    await register('gated', '1.0.0', gated('ctx.pod.incarnation > 1000'))
    await register('gated', '2.0.0', gated('true'))
    await ok('service', 'create', 'gated', '--pack', 'gated@1.0.0', '--replicas', '1', '--min-ready-seconds', '0')
    const [pod] = await until(async () => ((r) => (r.length === 1 ? r : undefined))(await running('gated')), {
      what: 'the gated pod Running',
    })
    await until(async () => (await logs(pod!.name)).some((l) => l.line === 'waiting'), { what: 'its first line' })
    // Running, and its output flows — but it never said it is ready.
    expect((await service('gated')).counts).toMatchObject({ current: 1, ready: 0, available: 0 })
    expect((await cli('service', 'status', 'gated', '--wait', '--timeout', '2')).code).toBe(1)
    await ok('service', 'update', 'gated', '--pack', 'gated@2.0.0')
    const s = await wait('gated')
    expect(s.counts).toMatchObject({ ready: 1, available: 1, updated: 1 })
    await ok('service', 'delete', 'gated')
  })

  it('pod rollback runs the previous version for real: a new incarnation on the same node with the old bundle', async () => {
    await ok('pod', 'create', 'ticker@2.0.0', '--name', 'solo')
    const before = await until(
      async () =>
        ((p) => (p.status === 'Running' ? p : undefined))((await ok('pod', 'status', 'solo', '-o', 'json')).json<Pod>()),
      {
        what: 'solo Running',
      },
    )
    await until(async () => (await logs('solo')).some((l) => l.line === 'tick 2.0.0'), { what: 'solo runs 2.0.0' })
    const r = await ok('pod', 'rollback', 'solo')
    expect(r.stdout).toBe(`pod solo now runs ticker@1.0.0 (incarnation ${before.incarnation + 1} on ${before.nodeName})\n`)
    await until(
      async () => (await logs('solo')).some((l) => l.incarnation === before.incarnation + 1 && l.line === 'tick 1.0.0'),
      { what: 'the old code running' },
    )
    expect((await ok('pod', 'status', 'solo', '-o', 'json')).json<Pod>()).toMatchObject({
      status: 'Running',
      pack: { version: '1.0.0' },
      nodeName: before.nodeName,
    })
    // The 2.0.0 run is over: it prints nothing more.
    const oldTicks = async () => (await logs('solo')).filter((l) => l.line === 'tick 2.0.0').length
    const settled = await oldTicks()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await oldTicks()).toBe(settled)
    await ok('pod', 'delete', 'solo')
  })

  it('delete leaves no pods running anywhere', async () => {
    const before = [...(await pods('web')), ...(await pods('daemon'))].filter((p) => p.status === 'Running')
    expect(before.length).toBeGreaterThan(0)
    await ok('service', 'delete', 'web')
    await ok('service', 'delete', 'daemon')
    for (const name of ['web', 'daemon'])
      await until(async () => (await cli('service', 'status', name)).code === 4, { what: `${name} gone` })
    expect(await pods('web')).toEqual([])
    expect(await pods('daemon')).toEqual([])
    const nodes = (await ok('node', 'list', '-o', 'json')).json<{ name: string; status: string; allocated: { pods: number } }[]>()
    for (const n of nodes.filter((x) => x.status === 'Ready')) expect(n.allocated.pods, n.name).toBe(0)
    expect((await ok('service', 'list', '-o', 'json')).json()).toEqual([])
  })
})
