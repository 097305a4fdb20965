/**
 * The scheduler from outside, as the issue judges it: the real `stark` binary for the server and
 * the CLI, real Node agents with different labels, taints and capacities. Selectors, affinity,
 * taints (all three effects), capacity, cordon, runtime mismatch place or refuse with the
 * diagnosis naming the reasons; a high-priority pod preempts the right low-priority pod only; a
 * Pending pod is placed as soon as a fitting node joins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

describe('scheduling with real agents', () => {
  const home = tempHome()
  let server: StarkServer
  const agents: Proc[] = []
  const run = (...args: string[]) => stark(home.path, server.url, args)
  const ok = async (...args: string[]) => {
    const r = await run(...args)
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    return r
  }
  const pod = async (name: string) => (await ok('pod', 'status', name, '-o', 'json')).json<any>()
  const runningOn = (name: string) =>
    until(async () => ((p) => (p.status === 'Running' ? (p.nodeName as string) : undefined))(await pod(name)), {
      what: `${name} Running`,
      timeoutMs: 30_000,
    })
  const refusal = (name: string) =>
    until(async () => ((p) => (p.reason === 'Unschedulable' ? (p.message as string) : undefined))(await pod(name)), {
      what: `${name} diagnosed`,
      timeoutMs: 30_000,
    })

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    await ok('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')
    await ok(
      'pack',
      'register',
      writePack(home.path, 'idle', LONG_RUNNING),
      '--name',
      'idle',
      '--version',
      '1.0.0',
      '--runtime',
      'node',
    )
    await ok(
      'pack',
      'register',
      writePack(home.path, 'web', LONG_RUNNING),
      '--name',
      'web',
      '--version',
      '1.0.0',
      '--runtime',
      'browser',
    )
    const common = ['--pods', '10', '--warm-pool', '0']
    agents.push(
      await startAgent(home.path, server.url, 'gpu', [
        '--label',
        'zone=a',
        '--taint',
        'gpu=true:NoSchedule',
        '--cpu',
        '2000',
        '--memory',
        '2048',
        ...common,
      ]),
    )
    agents.push(
      await startAgent(home.path, server.url, 'small', ['--label', 'zone=b', '--cpu', '1000', '--memory', '256', ...common]),
    )
    agents.push(
      await startAgent(home.path, server.url, 'big', [
        '--label',
        'zone=b',
        '--label',
        'disk=ssd',
        '--cpu',
        '2000',
        '--memory',
        '2048',
        ...common,
      ]),
    )
  })
  afterAll(async () => {
    for (const a of agents) await a.stop()
    await server?.stop()
    home.remove()
  })

  it('selectors, tolerations and affinity place; mismatches are explained', async () => {
    await ok(
      'pod',
      'create',
      'idle',
      '--name',
      'on-gpu',
      '--selector',
      'zone=a',
      '--toleration',
      'gpu=true:NoSchedule',
      '--memory',
      '64',
    )
    expect(await runningOn('on-gpu')).toBe('gpu')
    await ok('pod', 'create', 'idle', '--name', 'no-toleration', '--selector', 'zone=a')
    expect(await refusal('no-toleration')).toBe(
      "0/3 nodes available: 2 node(s) didn't match pod's node selector, 1 untolerated taint {gpu: true}.",
    )
    await ok(
      'pod',
      'create',
      'idle',
      '--name',
      'needs-ssd',
      '--affinity',
      'zone In b',
      '--affinity',
      'disk Exists',
      '--memory',
      '64',
    )
    expect(await runningOn('needs-ssd')).toBe('big')
    await ok(
      'pod',
      'create',
      'idle',
      '--name',
      'no-ssd',
      '--affinity',
      'zone In b,c',
      '--affinity',
      'disk DoesNotExist',
      '--memory',
      '64',
    )
    expect(await runningOn('no-ssd')).toBe('small')
  })

  it('capacity and runtime refuse with their reasons', async () => {
    await ok('pod', 'create', 'idle', '--name', 'huge', '--memory', '4096')
    expect(await refusal('huge')).toBe('0/3 nodes available: 2 insufficient memory, 1 untolerated taint {gpu: true}.')
    await ok('pod', 'create', 'web', '--name', 'browser-only')
    expect(await refusal('browser-only')).toBe('0/3 nodes available: 3 node(s) of the wrong runtime (pack needs browser).')
  })

  it('cordon refuses, uncordon places the waiting pod', async () => {
    await ok('node', 'cordon', 'big')
    await ok('pod', 'create', 'idle', '--name', 'waits', '--selector', 'disk=ssd', '--memory', '64')
    expect(await refusal('waits')).toBe("0/3 nodes available: 2 node(s) didn't match pod's node selector, 1 node(s) cordoned.")
    await ok('node', 'uncordon', 'big')
    expect(await runningOn('waits')).toBe('big')
  })

  it('preemption stops the lowest-priority pod only and runs the preemptor', async () => {
    await ok('priorityclass', 'create', 'critical', '--value', '900')
    const onGpu = ['--selector', 'zone=a', '--toleration', 'gpu=true:NoSchedule']
    await ok('pod', 'create', 'idle', '--name', 'low', '--priority', '1', '--cpu', '900', ...onGpu)
    await ok('pod', 'create', 'idle', '--name', 'mid', '--priority', '5', '--cpu', '900', ...onGpu)
    expect(await runningOn('low')).toBe('gpu')
    expect(await runningOn('mid')).toBe('gpu')
    await ok('pod', 'create', 'idle', '--name', 'urgent', '--priority-class', 'critical', '--cpu', '900', ...onGpu)
    expect(await runningOn('urgent')).toBe('gpu')
    const low = await pod('low')
    expect(low).toMatchObject({ status: 'Pending', nodeName: null, reason: 'Unschedulable' })
    expect(low.message).toMatch(/^0\/3 nodes available: .*1 insufficient cpu/)
    expect((await pod('mid')).status).toBe('Running')
    const events = (await ok('events', '-o', 'json')).json<any[]>()
    expect(events.find((e) => e.type === 'PodPreempted')).toMatchObject({
      resourceName: 'low',
      message: 'preempted by pod default/urgent (priority 900) on node gpu',
    })
    const history = (await ok('pod', 'history', 'low', '-o', 'json')).json<any[]>()
    expect(history.map((h) => h.status)).toEqual(expect.arrayContaining(['Running', 'Pending']))
  })

  it('a NoExecute taint evicts the pod that does not tolerate it (Failed, Evicted), and new pods avoid the node', async () => {
    await ok('node', 'update', 'small', '--taint', 'maint=true:NoExecute')
    // As in Kubernetes, an evicted bare pod ends Failed with reason Evicted (a service would replace it).
    const evicted = await until(async () => ((p) => (p.status === 'Failed' ? p : undefined))(await pod('no-ssd')), {
      what: 'no-ssd evicted',
      timeoutMs: 30_000,
    })
    expect(evicted.reason).toBe('Evicted')
    await ok(
      'pod',
      'create',
      'idle',
      '--name',
      'no-ssd-2',
      '--affinity',
      'zone In b,c',
      '--affinity',
      'disk DoesNotExist',
      '--memory',
      '64',
    )
    expect(await refusal('no-ssd-2')).toMatch(/^0\/3 nodes available: .*1 untolerated taint \{maint: true\}/)
    await ok('node', 'update', 'small', '--remove-taint', 'maint')
    expect(await runningOn('no-ssd-2')).toBe('small')
  })

  it('a Pending pod is placed as soon as a fitting node joins', async () => {
    await ok('pod', 'create', 'idle', '--name', 'later', '--selector', 'zone=c', '--memory', '64')
    await refusal('later')
    agents.push(
      await startAgent(home.path, server.url, 'c1', [
        '--label',
        'zone=c',
        '--cpu',
        '1000',
        '--memory',
        '512',
        '--pods',
        '5',
        '--warm-pool',
        '0',
      ]),
    )
    expect(await runningOn('later')).toBe('c1')
  })
})
