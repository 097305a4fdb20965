/**
 * Failure is normal: a 6-replica service on three real agents while agents are cut off, killed,
 * frozen and thawed. Its pack counts its own runs from outside Stark (every run calls the test's
 * beat server), so the invariants are checked on what really runs:
 *   - the service is back to its desired count after each fault;
 *   - never more than replicas + maxSurge runs alive at once for longer than one heartbeat interval;
 *   - a frozen agent's runs are stopped, and stay stopped when it comes back.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { beaterPack, longestOver, startBeatServer, type BeatServer } from '../harness/beats'
import { writePack } from '../harness/packs'
import { until, type Proc } from '../harness/processes'
import { savedAccessToken, stark, startAgent, startServer, tempHome, type StarkServer } from '../harness/stark'
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy'

const REPLICAS = 6
/** The beater pods report to a beat server on this machine's loopback: only an admin's `open` node may reach it. */
const OPEN = ['--pod-network', 'open']
const SURGE = 1
const HEARTBEAT_MS = 5000

describe('agent faults under a running service', () => {
  const home = tempHome()
  let server: StarkServer
  let beats: BeatServer
  let proxy: TcpProxy
  const agents: Record<string, Proc> = {}
  let sampling: ReturnType<BeatServer['sample']>
  const cli = (...args: string[]) => stark(home.path, server.url, args)

  const service = async () => (await cli('service', 'status', 'beat', '-o', 'json')).json()
  const settled = (what: string) =>
    until(
      async () => {
        const s = await service()
        const running = s.pods.filter((p: any) => p.status === 'Running' && !p.deleting)
        return running.length === REPLICAS && beats.alive().length === REPLICAS ? s : undefined
      },
      { what, timeoutMs: 60_000, intervalMs: 250 },
    )

  beforeAll(async () => {
    beats = await startBeatServer()
    server = await startServer({ home: home.path, args: ['--startup-grace', '1s'] })
    expect((await cli('auth', 'setup', '--email', 'ops@example.com', '--password', 'faults-password')).code).toBe(0)
    proxy = await startTcpProxy(server.url)
    agents.a1 = await startAgent(home.path, server.url, 'a1', OPEN)
    // a2 reaches the server through a proxy the test can cut; it logs in with the saved token.
    agents.a2 = await startAgent(home.path, proxy.url, 'a2', [...OPEN, '--token', savedAccessToken(home.path, server.url)])
    agents.a3 = await startAgent(home.path, server.url, 'a3', OPEN)
    const entry = writePack(home.path, 'beater', beaterPack(beats.port))
    expect((await cli('pack', 'bundle', entry, '--out', join(home.path, 'beater.bundle.js'))).code).toBe(0)
    expect(
      (
        await cli(
          'pack',
          'register',
          join(home.path, 'beater.bundle.js'),
          '--name',
          'beater',
          '--version',
          '1.0.0',
          '--runtime',
          'node',
        )
      ).code,
    ).toBe(0)
    const created = await cli(
      'service',
      'create',
      'beat',
      '--pack',
      'beater',
      '--replicas',
      String(REPLICAS),
      '--max-surge',
      String(SURGE),
    )
    expect(created.code, created.stderr).toBe(0)
    await settled('the service to converge')
    sampling = beats.sample(100)
  })

  afterAll(async () => {
    agents.a3?.signal('SIGCONT')
    for (const a of Object.values(agents)) await a.stop()
    await server?.stop()
    await proxy?.close()
    await beats?.close()
    home.remove()
  })

  it('spreads the replicas over the three nodes', async () => {
    const s = await service()
    const perNode = new Map<string, number>()
    for (const p of s.pods) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1)
    expect([...perNode.keys()].sort()).toEqual(['a1', 'a2', 'a3'])
  })

  it('survives a dropped socket: the agent reconnects as the same node', async () => {
    const before = (await cli('node', 'status', 'a2', '-o', 'json')).json()
    expect(proxy.dropAll()).toBeGreaterThan(0)
    await until(async () => (await cli('node', 'status', 'a2', '-o', 'json')).json().status === 'Ready', {
      what: 'a2 to reconnect',
    })
    expect((await cli('node', 'status', 'a2', '-o', 'json')).json().id).toBe(before.id)
    await settled('the service after a dropped socket')
  })

  it('replaces the pods of a killed agent (SIGKILL)', async () => {
    agents.a1!.signal('SIGKILL')
    await agents.a1!.exited
    // Its socket closed with it: the server knows at once (settled() alone could look too early).
    await until(async () => (await cli('node', 'status', 'a1', '-o', 'json')).json().status !== 'Ready', {
      what: 'a1 to be NotReady',
    })
    // NotReady comes first; its pods are ended a moment later (the eviction delay of a closed
    // socket), while their processes, cut off from their agent, still beat for a few seconds: wait
    // for the pods to be ended before settling, or settled() could see the old ones.
    await until(async () => (await service()).pods.every((p: any) => p.nodeName !== 'a1' || p.status !== 'Running'), {
      what: "a1's pods to be ended",
      timeoutMs: 30_000,
    })
    const s = await settled('the service after a1 was killed')
    expect(s.pods.filter((p: any) => p.status === 'Running').every((p: any) => p.nodeName !== 'a1')).toBe(true)
  })

  it('replaces the pods of a frozen agent (SIGSTOP), whose runs end themselves', async () => {
    const onA3 = (await service()).pods
      .filter((p: any) => p.nodeName === 'a3' && p.status === 'Running')
      .map((p: any) => `${p.name}#${p.incarnation}`)
    expect(onA3.length).toBeGreaterThan(0)
    agents.a3!.signal('SIGSTOP')
    await until(async () => (await cli('node', 'status', 'a3', '-o', 'json')).json().status !== 'Ready', {
      what: 'a3 to be NotReady',
      timeoutMs: 30_000,
    })
    const s = await settled('the service after a3 froze')
    expect(s.pods.filter((p: any) => p.status === 'Running').every((p: any) => p.nodeName === 'a2')).toBe(true)
    // The frozen agent's runs stopped beating (they ended themselves) while it was frozen.
    expect(beats.alive().filter((r) => onA3.includes(r))).toEqual([])
  })

  it('a thawed agent (SIGCONT) comes back, and none of its old runs starts again', async () => {
    const runsBefore = new Set(beats.runs())
    agents.a3!.signal('SIGCONT')
    await until(async () => (await cli('node', 'status', 'a3', '-o', 'json')).json().status === 'Ready', {
      what: 'a3 to come back',
      timeoutMs: 60_000,
    })
    await new Promise((r) => setTimeout(r, 2000))
    const s = await settled('the service after a3 came back')
    expect(s.counts).toMatchObject({ desired: REPLICAS, current: REPLICAS })
    expect(
      beats.alive().filter((r) => runsBefore.has(r) && !s.pods.some((p: any) => `${p.name}#${p.incarnation}` === r)),
    ).toEqual([])
  })

  it('never ran more than replicas + maxSurge copies for longer than one heartbeat interval', () => {
    const samples = sampling.stop()
    expect(samples.length).toBeGreaterThan(100)
    expect(longestOver(samples, REPLICAS + SURGE)).toBeLessThanOrEqual(HEARTBEAT_MS)
    expect(Math.max(...samples.map((s) => s.alive))).toBeLessThanOrEqual(REPLICAS * 2)
  })
})
