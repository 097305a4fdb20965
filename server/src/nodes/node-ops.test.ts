/**
 * What the server does with agents (node-ops.ts), in-process: simulated agents speak the protocol
 * to the same entry points the gateway calls (no socket), and the results are read through the
 * app. Registration for a user, refusals (a viewer's credential, a name in use), a pod run from the
 * node's report, and a report from a node about a pod it does not hold, ignored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSimAgent, type AgentServer, type SimAgent } from '../simulation/sim-agent'
import { type Caller, useAppHarness } from '../testing/app-harness'

let server: AgentServer
const agents: SimAgent[] = []

const agent = (name: string, caller: Caller) => {
  const a = createSimAgent({ name, joinToken: caller.token, track: () => {} })
  agents.push(a)
  return a
}

const h = useAppHarness({ hello: ['1.0.0'] })
beforeAll(async () => {
  const deps = h.server.deps
  server = {
    deps,
    clock: deps.clock,
    async principal(token) {
      const a = await deps.auth.authenticate(token)
      if (!a.ok) throw new Error(`credential refused: ${a.reason}`)
      return a.principal
    },
  }
})
afterAll(async () => {
  for (const a of agents) await a.close().catch(() => {})
})

describe('node commands from agents', () => {
  it('registers a node for the user whose credential it brings: Ready, theirs, hidden from other users', async () => {
    await agent('laptop', h.alice).connect(server)
    expect((await h.call('GET', '/api/nodes/laptop', undefined, h.alice)).body).toMatchObject({
      name: 'laptop',
      status: 'Ready',
      ownerId: h.alice.id,
    })
    expect((await h.call('GET', '/api/nodes/laptop', undefined, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/nodes/laptop', undefined, h.val)).status).toBe(200)
  })

  it("refuses a viewer's credential and a name a connected node uses", async () => {
    await expect(agent('watcher', h.val).connect(server)).rejects.toThrow(/may not register/)
    await expect(agent('laptop', h.bob).connect(server)).rejects.toThrow(/in use/)
    expect((await h.call('GET', '/api/nodes/watcher', undefined, h.admin)).status).toBe(404)
  })

  it("runs a pod on the node from the node's own report, and ignores another node's word about it", async () => {
    const other = agent('desk', h.alice)
    await other.connect(server)
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'job' }, h.alice)).status).toBe(201)
    const running = await vi.waitFor(
      async () => {
        const pod = (await h.call('GET', '/api/pods/job', undefined, h.alice)).body
        if (pod.status !== 'Running') throw new Error(`job is ${pod.status}`)
        return pod
      },
      { timeout: 30_000, interval: 50 },
    )
    const holder = agents.find((a) => a.running.has(running.id))
    const stranger = agents.find((a) => a.nodeId && a !== holder && a.state === 'up')
    expect(holder && stranger).toBeTruthy()
    await h.server.deps.nodes.podStatus(stranger!.nodeId!, {
      podId: running.id,
      incarnation: running.incarnation,
      status: 'Failed',
      reason: 'Error',
      message: 'not mine',
      exitCode: 1,
    })
    await h.server.deps.writes.drain()
    expect((await h.call('GET', '/api/pods/job', undefined, h.alice)).body).toMatchObject({ status: 'Running', restarts: 0 })
  })
})
