import { describe, expect, it } from 'vitest'
import { agentWorld, CREDENTIAL, soon, typesOn } from '../testing/agent-world'
import { deferred, podAssignment } from '../testing/fixtures'
import { PROTOCOL_VERSION } from '../protocol/version'
import type { NodeIdentity } from './runtime'

const stored: NodeIdentity = { nodeId: 'node-42', name: 'n1', nodeToken: 'node-token-node-42' }
const waitForAbort = (signal: AbortSignal) => new Promise<void>((r) => signal.addEventListener('abort', () => r()))

describe('agent: registration', () => {
  it('registers with the credential when no identity is stored, and saves the one it is given', async () => {
    const w = agentWorld({ agent: { labels: { zone: 'a' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] } })
    await w.start()
    expect(w.runtime.connects).toEqual([{ url: 'ws://stark.test/ws', token: CREDENTIAL }])
    const [register] = w.server.received('node:register')
    expect(register!.payload).toEqual({
      protocol: PROTOCOL_VERSION,
      name: 'n1',
      runtime: 'node',
      labels: { zone: 'a' },
      taints: [{ key: 'gpu', effect: 'NoSchedule' }],
      allocatable: { cpu: 2000, memory: 2048, pods: 110 },
      pods: [],
    })
    expect(register!.id).toBeTruthy()
    expect(w.agent.nodeId).toBe('node-1')
    expect(w.runtime.identity.current).toEqual({ nodeId: 'node-1', name: 'n1', nodeToken: 'node-token-node-1' })
  })

  it('reconnects as the stored identity, with its node token and id, and does not rewrite it', async () => {
    const w = agentWorld({ identity: stored })
    await w.start()
    expect(w.runtime.connects[0]!.token).toBe('node-token-node-42')
    expect(w.server.received('node:register')[0]!.payload.nodeId).toBe('node-42')
    expect(w.agent.nodeId).toBe('node-42')
    expect(w.runtime.identity.writes).toEqual([])
  })

  it('ignores an identity stored for another node name', async () => {
    const w = agentWorld({ identity: { ...stored, name: 'other' } })
    await w.start()
    expect(w.runtime.connects[0]!.token).toBe(CREDENTIAL)
    expect(w.server.received('node:register')[0]!.payload.nodeId).toBeUndefined()
  })

  it('stops with a reason when it has neither identity nor credential', async () => {
    const w = agentWorld({ agent: { credential: undefined } })
    w.agent.start()
    await w.settle()
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toEqual([])
    expect(w.events).toContainEqual({ type: 'state', state: 'stopped', detail: expect.stringMatching(/no credential/) })
  })

  it('keeps its node id across reconnects when the server hands out no node token', async () => {
    const w = agentWorld({ server: { nodeToken: () => null } })
    await w.start()
    expect(w.runtime.identity.writes).toEqual([])
    w.runtime.dropConnection()
    await w.clock.advance(1000)
    await soon(
      w.server.waitFor('node:register', () => true, 1),
      'second register',
    )
    expect(w.runtime.connects[1]!.token).toBe(CREDENTIAL)
    expect(w.server.received('node:register')[1]!.payload.nodeId).toBe('node-1')
  })

  it('is usable as soon as it is registered, even while the identity is still being saved', async () => {
    const w = agentWorld()
    const saving = deferred()
    const save = w.runtime.identity.save
    w.runtime.identity.save = async (i) => {
      await saving.promise
      await save(i)
    }
    const sha = w.runtime.addPack(() => undefined)
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    const status = await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Succeeded'),
      'Succeeded',
    )
    expect(status.payload.podId).toBe('pod-1')
    expect(w.runtime.identity.current).toBeNull()
    saving.resolve()
    await w.settle()
    expect(w.runtime.identity.current?.nodeId).toBe('node-1')
  })
})

describe('agent: heartbeats', () => {
  it('beats every heartbeatIntervalMs the server gave, starting one interval after registering', async () => {
    const w = agentWorld({ server: { heartbeatIntervalMs: 1000 } })
    await w.start()
    await w.clock.advance(999)
    expect(w.server.received('node:heartbeat')).toHaveLength(0)
    await w.clock.advance(1)
    expect(w.server.received('node:heartbeat')).toHaveLength(1)
    await w.clock.advance(3000)
    expect(w.server.received('node:heartbeat')).toHaveLength(4)
  })

  it('reports running pods and their usage in heartbeats', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(({ signal }) => waitForAbort(signal))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    await w.clock.advance(1000)
    const [beat] = w.server.received('node:heartbeat')
    expect(beat!.payload.pods).toEqual([{ podId: 'pod-1', incarnation: 1, status: 'Running' }])
    expect(beat!.payload.usage).toEqual([{ podId: 'pod-1', incarnation: 1, cpu: 10, memory: 32 }])
  })

  it('reports what the node uses itself beside its pods, when its runtime can say', async () => {
    const w = agentWorld()
    let memory = 21
    Object.assign(w.runtime, { nodeUsage: () => ({ memory }) })
    await w.start()
    await w.clock.advance(1000)
    memory = Number.NaN
    await w.clock.advance(1000)
    const [first, second] = w.server.received('node:heartbeat')
    expect(first!.payload.node).toEqual({ memory: 21 })
    // A figure that is no number is left out, not sent.
    expect(second!.payload.node).toBeUndefined()
  })

  it('sends no heartbeat while disconnected', async () => {
    const w = agentWorld()
    await w.start()
    w.runtime.unreachable = true
    w.runtime.dropConnection()
    await w.clock.advance(10_000)
    expect(w.server.received('node:heartbeat')).toHaveLength(0)
    expect(w.agent.state).toBe('backoff')
  })
})

describe('agent: reconnecting', () => {
  it('reconnects after a lost connection with back-off; pods keep running and are reported', async () => {
    const w = agentWorld()
    const sha = w.runtime.addPack(({ signal }) => waitForAbort(signal))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.runtime.dropConnection()
    await w.settle()
    expect(w.agent.state).toBe('backoff')
    const [delay] = w.backoffDelays()
    expect(delay).toBeGreaterThanOrEqual(200) // 250 ms ± 20 %
    expect(delay).toBeLessThanOrEqual(300)
    await w.clock.advance(delay! - 1)
    expect(w.runtime.connects).toHaveLength(1)
    await w.clock.advance(1)
    const again = await soon(
      w.server.waitFor('node:register', () => true, 1),
      'second register',
    )
    expect(w.runtime.connects[1]!.token).toBe('node-token-node-1')
    expect(again.payload.nodeId).toBe('node-1')
    expect(again.payload.pods).toEqual([{ podId: 'pod-1', incarnation: 1, status: 'Running' }])
    expect(w.runtime.runs[0]!.signal.aborted).toBe(false)
    await w.settle()
    expect(w.agent.state).toBe('ready')
  })

  it('given several servers, moves to the next when its connection drops or fails, keeping its identity and pods', async () => {
    const w = agentWorld({ agent: { serverUrl: 'http://a.test, http://b.test/,http://c.test' } })
    const sha = w.runtime.addPack(({ signal }) => waitForAbort(signal))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.runtime.dropConnection()
    await w.clock.advance(0)
    const again = await soon(
      w.server.waitFor('node:register', () => true, 1),
      'register at the next server',
    )
    expect(again.payload.nodeId).toBe('node-1')
    expect(again.payload.pods).toEqual([{ podId: 'pod-1', incarnation: 1, status: 'Running' }])
    // b does not answer: c is tried at once, and then the round starts again at a after a back-off.
    w.runtime.unreachable = true
    w.runtime.dropConnection()
    await w.clock.advance(10_000)
    expect(w.runtime.connects.slice(0, 4).map((c) => c.url)).toEqual([
      'ws://a.test/ws',
      'ws://b.test/ws',
      'ws://c.test/ws',
      'ws://a.test/ws',
    ])
    expect(w.runtime.runs[0]!.signal.aborted).toBe(false)
  })

  it('backs off longer after each failed attempt, up to the maximum', async () => {
    const w = agentWorld({ agent: { reconnect: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 } } })
    await w.start()
    w.runtime.unreachable = true
    w.runtime.dropConnection()
    await w.clock.advance(10_000)
    expect(w.backoffDelays().slice(0, 7)).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
    w.runtime.unreachable = false
    await w.clock.advance(1000)
    await w.settle()
    expect(w.agent.state).toBe('ready')
  })

  it('gives up after maxReconnectAttempts failed attempts in a row', async () => {
    const w = agentWorld({ agent: { maxReconnectAttempts: 3, reconnect: { jitter: 0 } } })
    w.runtime.unreachable = true
    w.agent.start()
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toHaveLength(4)
  })

  it('reports pods that finished while disconnected when it registers again: output, then status', async () => {
    const w = agentWorld()
    const release = deferred()
    const sha = w.runtime.addPack(async (ctx) => {
      await release.promise
      ctx.log('bye')
      throw new Error('lost the race')
    })
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.runtime.unreachable = true
    w.runtime.dropConnection()
    release.resolve()
    await w.settle()
    expect(w.agent.pods()[0]!.status).toBe('Failed')
    w.runtime.unreachable = false
    await w.clock.advance(1000)
    await soon(
      w.server.waitFor('pod:status', (p) => p.status === 'Failed'),
      'Failed',
    )
    const later = w.server.connections.at(-1)!.received
    expect(typesOn(later)).toEqual(['node:register', 'pod:log', 'pod:status'])
    expect(later[0]).toMatchObject({ payload: { pods: [{ podId: 'pod-1', status: 'Failed' }] } })
    expect(later[1]).toMatchObject({ payload: { entries: [{ line: 'bye' }] } })
    expect(later[2]).toMatchObject({ payload: { status: 'Failed', reason: 'Error', message: 'lost the race' } })
    // Reported once: a later heartbeat carries it, but no second pod:status.
    await w.clock.advance(1000)
    expect(w.server.received('pod:status').filter((m) => m.payload.status === 'Failed')).toHaveLength(1)
  })

  it('copes with a runtime whose connect() throws or reports a close before returning', async () => {
    const w = agentWorld({ agent: { reconnect: { jitter: 0, initialMs: 100 } } })
    const connect = w.runtime.connect
    let calls = 0
    w.runtime.connect = (url, token, handlers) => {
      calls++
      if (calls === 1) throw new Error('bad url')
      if (calls === 2) {
        handlers.onClose(1006, 'refused at once')
        return { send() {}, close() {} }
      }
      return connect(url, token, handlers)
    }
    w.agent.start()
    await w.clock.advance(1000)
    expect(calls).toBe(3)
    expect(w.backoffDelays()).toEqual([100, 200])
    expect(w.agent.state).toBe('ready')
  })
})

describe('agent: bad input from the server', () => {
  it('answers garbage with error replies and keeps working', async () => {
    const w = agentWorld()
    await w.start()
    const conn = w.server.current!
    conn.sendRaw('not json')
    conn.sendRaw('[1,2]')
    conn.sendRaw(JSON.stringify({ type: 'pod:explode', id: 'a1', payload: {} }))
    conn.sendRaw(JSON.stringify({ type: 'pod:assign', id: 'a2', payload: { pod: { podId: 7 } } }))
    conn.sendRaw(JSON.stringify({ type: 'node:heartbeat', id: 'a3', payload: {} })) // wrong direction
    await w.settle()
    const errors = w.server.received('error')
    expect(errors.map((e) => e.payload.code)).toEqual([
      'malformed',
      'malformed',
      'unknown-type',
      'invalid-payload',
      'unknown-type',
    ])
    expect(errors.map((e) => e.replyTo)).toEqual([undefined, undefined, 'a1', 'a2', 'a3'])
    expect(errors[3]!.payload.about).toBe('pod:assign')
    expect(w.agent.state).toBe('ready')
    await w.clock.advance(1000)
    expect(w.server.received('node:heartbeat')).toHaveLength(1)
  })
})

describe('agent: stop()', () => {
  it('stops its pods, reports them Stopped with NodeShutdown, and closes the connection', async () => {
    const w = agentWorld({ agent: { shutdownGracePeriodMs: 2000 } })
    const sha = w.runtime.addPack(async (ctx) => {
      await waitForAbort(ctx.signal)
      ctx.log('shutting down')
    })
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    await soon(w.agent.stop(), 'stop()')
    expect(w.runtime.runs[0]!.stops).toEqual([2000])
    const statuses = w.server.received('pod:status')
    expect(statuses.at(-1)!.payload).toMatchObject({ status: 'Stopped', reason: 'NodeShutdown' })
    expect(typesOn(w.server.connections[0]!.received).slice(-2)).toEqual(['pod:log', 'pod:status'])
    expect(w.agent.state).toBe('stopped')
    expect(w.server.connections[0]!.closedWith?.code).toBe(1000)
    await w.clock.advance(60_000)
    expect(w.runtime.connects).toHaveLength(1)
  })

  it('waits out the grace period of a pod that ignores its signal', async () => {
    const w = agentWorld({ agent: { shutdownGracePeriodMs: 2000 } })
    const sha = w.runtime.addPack(() => new Promise(() => {}))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    let stopped = false
    void w.agent.stop().then(() => (stopped = true))
    await w.clock.advance(1999)
    expect(stopped).toBe(false)
    await w.clock.advance(1)
    expect(stopped).toBe(true)
    expect(w.runtime.runs[0]!.terminated).toBe(true)
    expect(w.server.received('pod:status').at(-1)!.payload).toMatchObject({ status: 'Stopped', reason: 'NodeShutdown' })
  })

  it('refuses assignments while shutting down', async () => {
    const w = agentWorld({ agent: { shutdownGracePeriodMs: 2000 } })
    const sha = w.runtime.addPack(() => new Promise(() => {}))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    void w.agent.stop()
    w.server.assign(podAssignment({ podId: 'pod-2', pack: { sha256: sha } }))
    await w.settle()
    expect(w.server.received('pod:status').at(-1)!.payload).toEqual({
      podId: 'pod-2',
      incarnation: 1,
      status: 'Stopped',
      reason: 'NodeShutdown',
    })
    expect(w.runtime.runs).toHaveLength(1)
    await w.clock.advance(2000)
  })

  it('stops cleanly while reconnecting, and when never started', async () => {
    const w = agentWorld()
    await w.start()
    w.runtime.unreachable = true
    w.runtime.dropConnection()
    await w.settle()
    expect(w.agent.state).toBe('backoff')
    await soon(w.agent.stop(), 'stop()')
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toHaveLength(1)

    const idle = agentWorld()
    await soon(idle.agent.stop(), 'stop() before start()')
    idle.agent.start()
    await idle.settle()
    expect(idle.agent.state).toBe('stopped')
    expect(idle.runtime.connects).toHaveLength(0)
  })
})
