import { describe, expect, it } from 'vitest'
import { agentWorld, SERVER_URL, soon, typesOn } from '../testing/agent-world'
import { deferred, podAssignment } from '../testing/fixtures'

// The pod lifecycle, driven the way it runs: through the agent core, a fake server and fake runtime.

const waitForAbort = (signal: AbortSignal) => new Promise<void>((r) => signal.addEventListener('abort', () => r()))

describe('pods', () => {
  it('runs an assigned pod: Running, then its output, then Succeeded', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack((ctx) => ctx.log('hello', { n: 1 }))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha }, env: { A: '1' }, args: ['x'] }))
    await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Succeeded'),
      'Succeeded',
    )
    const conn = w.server.connections[0]!
    expect(typesOn(conn.received).slice(1)).toEqual(['pod:status', 'pod:log', 'pod:status'])
    expect(conn.received[1]).toMatchObject({ payload: { podId: 'pod-1', incarnation: 1, status: 'Running' } })
    expect(conn.received[2]).toMatchObject({ payload: { entries: [{ stream: 'stdout', line: 'hello {"n":1}' }] } })
    expect(w.runtime.bundleRequests).toEqual([
      { sha256: sha, url: `${SERVER_URL}/api/bundles/${sha}`, token: 'node-token-node-1' },
    ])
    expect(w.runtime.runs[0]!.nodeId).toBe('node-1')
  })

  it('reports a pack that throws as Failed with its message', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(async () => {
      throw new Error('boom')
    })
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    const failed = await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Failed'),
      'Failed',
    )
    expect(failed.payload).toMatchObject({ reason: 'Error', message: 'boom' })
  })

  it('reports Failed with BundleUnavailable when the bundle cannot be had', async () => {
    const w = agentWorld()
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: 'f'.repeat(64) } }))
    const failed = await soon(w.server.waitFor('pod:status'), 'status')
    expect(failed.payload).toMatchObject({ status: 'Failed', reason: 'BundleUnavailable', message: expect.stringMatching(/404/) })
  })

  it('ignores a duplicate assignment of a running pod and re-reports a finished one', async () => {
    const w = agentWorld()
    const release = deferred()
    const sha = w.runtime.addPack(() => release.promise)
    await w.start()
    const pod = podAssignment({ pack: { sha256: sha } })
    w.server.assign(pod)
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.server.assign(pod)
    await w.settle()
    expect(w.runtime.runs).toHaveLength(1)
    expect(w.server.received('pod:status')).toHaveLength(1)
    release.resolve()
    await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Succeeded'),
      'Succeeded',
    )
    w.server.assign(pod)
    await w.settle()
    expect(w.runtime.runs).toHaveLength(1)
    expect(w.server.received('pod:status').map((m) => m.payload.status)).toEqual(['Running', 'Succeeded', 'Succeeded'])
  })

  it('lets a newer incarnation supersede an older one, and ignores older ones', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(({ signal }) => waitForAbort(signal))
    await w.start()
    w.server.assign(podAssignment({ incarnation: 1, pack: { sha256: sha } }))
    await soon(
      w.server.waitFor('pod:status', (p) => p.incarnation === 1),
      'first run',
    )
    w.server.assign(podAssignment({ incarnation: 2, pack: { sha256: sha } }))
    await soon(
      w.server.waitFor('pod:status', (p) => p.incarnation === 2),
      'second run',
    )
    await w.settle()
    const [first, second] = w.runtime.runs
    expect(first!.signal.aborted).toBe(true)
    expect(first!.stops).toEqual([0])
    expect(second!.signal.aborted).toBe(false)
    // The superseded run ends quietly: only its Running status ever went out.
    expect(
      w.server
        .received('pod:status')
        .filter((m) => m.payload.incarnation === 1)
        .map((m) => m.payload.status),
    ).toEqual(['Running'])
    w.server.assign(podAssignment({ incarnation: 1, pack: { sha256: sha } }))
    await w.settle()
    expect(w.runtime.runs).toHaveLength(2)
    expect(w.agent.pods().map((p) => [p.assignment.incarnation, p.status])).toEqual([[2, 'Running']])
  })

  it('stops a pod on pod:stop and reports Stopped with the reason', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(async (ctx) => {
      await waitForAbort(ctx.signal)
      ctx.log('cleaning up')
    })
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.server.stop('pod-1', 1, 'Deleted', 5000)
    const stopped = await soon(
      w.server.waitFor('pod:status', (p) => p.status !== 'Running'),
      'Stopped',
    )
    expect(stopped.payload).toMatchObject({ status: 'Stopped', reason: 'Deleted' })
    expect(w.runtime.runs[0]!.stops).toEqual([5000])
    expect(w.server.received('pod:log')[0]!.payload.entries.map((e) => e.line)).toEqual(['cleaning up'])
  })

  it('terminates a pod that ignores its signal once the grace period has passed', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(() => new Promise(() => {}))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.server.stop('pod-1', 1, 'Deleted', 3000)
    await w.clock.advance(2999)
    expect(w.server.received('pod:status')).toHaveLength(1)
    expect(w.agent.pods()[0]!.status).toBe('Stopping')
    await w.clock.advance(1)
    const stopped = await soon(
      w.server.waitFor('pod:status', (p) => p.status !== 'Running'),
      'Stopped',
    )
    expect(stopped.payload).toMatchObject({ status: 'Stopped', reason: 'Deleted', message: expect.stringMatching(/grace/) })
    expect(w.runtime.runs[0]!.terminated).toBe(true)
  })

  it('answers a stop for a pod it does not run with Stopped', async () => {
    const w = agentWorld()
    await w.start()
    w.server.stop('ghost', 3, 'Deleted')
    const status = await soon(w.server.waitFor('pod:status'), 'status')
    expect(status.payload).toEqual({ podId: 'ghost', incarnation: 3, status: 'Stopped', reason: 'NotRunning' })
  })

  it('never starts a pod stopped while its bundle was downloading', async () => {
    const download = deferred()
    const w = agentWorld({ beforeLoad: () => download.promise })
    const sha = w.runtime.addPack(() => undefined)
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await w.settle()
    w.server.stop('pod-1', 1, 'Deleted')
    download.resolve()
    const status = await soon(w.server.waitFor('pod:status'), 'status')
    expect(status.payload).toMatchObject({ status: 'Stopped', reason: 'Deleted' })
    expect(w.runtime.runs).toHaveLength(0)
  })

  it('cuts over-long output lines to what the protocol carries', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack((ctx) => ctx.log('x'.repeat(20_000)))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Succeeded'),
      'Succeeded',
    )
    // The fake server decodes with the shared codec: an invalid pod:log would have been rejected.
    expect(w.server.connections[0]!.rejected).toEqual([])
    expect(w.server.received('pod:log')[0]!.payload.entries[0]!.line).toHaveLength(16_384)
  })
})
