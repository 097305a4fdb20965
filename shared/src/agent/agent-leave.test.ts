/** The agent stopping on purpose: it tells the server (node:leave), waits briefly for node:left, then stops its pods. */
import { describe, expect, it } from 'vitest'
import { agentWorld, CREDENTIAL, SERVER_URL, soon, typesOn } from '../testing/agent-world'
import { createFakeRuntime } from '../testing/fake-runtime'
import { createFakeServer } from '../testing/fake-server'
import { fakeClock } from '../testing/fake-clock'
import { TEST_ALLOCATABLE } from '../testing/fixtures'
import { createAgent } from './agent'
import { podAssignment } from '../testing/fixtures'
import { CLOSE_NODE_DELETED } from './runtime'

const waitForAbort = (signal: AbortSignal) => new Promise<void>((r) => signal.addEventListener('abort', () => r()))

describe('agent: leaving on purpose', () => {
  it('says node:leave before stopping its pods, and stops them only after the answer', async () => {
    const w = agentWorld({ agent: { shutdownGracePeriodMs: 2000 } })
    const sha = w.runtime.addPack(async (ctx) => waitForAbort(ctx.signal))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    await soon(w.agent.stop({ reason: 'SIGTERM' }), 'stop()')
    const types = typesOn(w.server.connections[0]!.received)
    const leave = types.indexOf('node:leave')
    expect(leave).toBeGreaterThan(-1)
    expect(types.lastIndexOf('pod:status')).toBeGreaterThan(leave)
    expect(w.server.received('node:leave')[0]!.payload).toEqual({ reason: 'SIGTERM' })
    expect(w.runtime.runs[0]!.stops).toEqual([2000])
    expect(w.agent.state).toBe('stopped')
    // Leaving keeps the identity: the same node comes back when the agent starts again.
    expect(w.runtime.identity.writes).not.toContain('clear')
  })

  it('sends no heartbeat once it has said it leaves', async () => {
    const w = agentWorld({ server: { autoLeave: false, heartbeatIntervalMs: 1000 }, agent: { leaveTimeoutMs: 5000 } })
    await w.start()
    const stopping = w.agent.stop()
    await w.clock.advance(4000)
    expect(w.server.received('node:heartbeat')).toHaveLength(0)
    await w.clock.advance(1000)
    await soon(stopping, 'stop()')
  })

  it('waits for the answer only so long, then stops anyway', async () => {
    const w = agentWorld({ server: { autoLeave: false }, agent: { leaveTimeoutMs: 3000 } })
    await w.start()
    let stopped = false
    void w.agent.stop().then(() => (stopped = true))
    await w.clock.advance(2999)
    expect(stopped).toBe(false)
    await w.clock.advance(1)
    await w.settle()
    expect(stopped).toBe(true)
    expect(w.server.received('node:leave')).toHaveLength(1)
  })

  it('with leave: false it just disconnects (no node:leave)', async () => {
    const w = agentWorld()
    await w.start()
    await soon(w.agent.stop({ leave: false }), 'stop()')
    expect(w.server.received('node:leave')).toHaveLength(0)
  })

  it('with remove it asks to be deleted and forgets its identity', async () => {
    const w = agentWorld()
    await w.start()
    await soon(w.agent.stop({ remove: true }), 'stop()')
    expect(w.server.received('node:leave')[0]!.payload).toEqual({ remove: true })
    expect(w.runtime.identity.writes).toContain('clear')
  })

  it('when the server deletes its node: stops its pods, forgets the identity and does not reconnect', async () => {
    const w = agentWorld({ agent: { shutdownGracePeriodMs: 1000 } })
    const sha = w.runtime.addPack(async (ctx) => waitForAbort(ctx.signal))
    await w.start()
    w.server.assign(podAssignment({ pack: { sha256: sha } }))
    await soon(w.server.waitFor('pod:status'), 'Running')
    w.server.connections[0]!.close(CLOSE_NODE_DELETED, 'this node was deleted')
    await w.settle()
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.runs[0]!.stops).toEqual([1000])
    expect(w.runtime.identity.writes).toContain('clear')
    await w.clock.advance(60_000)
    expect(w.runtime.connects).toHaveLength(1)
  })
})

describe('agent: what it listens to', () => {
  it('stops listening for device changes when it stops', async () => {
    const clock = fakeClock()
    const server = createFakeServer({ heartbeatIntervalMs: 1000 })
    const listeners = new Set<() => void>()
    const runtime = createFakeRuntime({ server, clock, identity: null })
    runtime.device = () => ({ labels: { 'stark.io/visibility': 'visible' }, taints: [] })
    runtime.onDeviceChange = (fn) => {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    }
    const agent = createAgent(runtime, {
      serverUrl: SERVER_URL,
      credential: CREDENTIAL,
      name: 'n1',
      allocatable: TEST_ALLOCATABLE,
    })
    expect(listeners.size).toBe(1)
    agent.start()
    await soon(server.waitFor('node:register'), 'node:register')
    await soon(agent.stop({ leave: false }), 'stop()')
    expect(listeners.size).toBe(0)
  })
})
