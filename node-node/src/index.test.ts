import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Agent } from '@stark/shared'
import { podAssignment } from '@stark/shared/testing'
import { createLogger, startNodeAgent } from './index'
import { startTestPeer, type TestPeer } from './test-peer'

let home: string
let peer: TestPeer

const ready = (agent: Agent) =>
  new Promise<void>((resolve) => {
    if (agent.state === 'ready') return resolve()
    agent.on((e) => void (e.type === 'state' && e.state === 'ready' && resolve()))
  })
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'stark-agent-'))
  peer = await startTestPeer({ acceptToken: (t) => t === 'user-token' || t.startsWith('node-token-'), pingIntervalMs: 1000 })
})
afterEach(async () => {
  await peer.close()
  await rm(home, { recursive: true, force: true })
})

describe('startNodeAgent', () => {
  it('registers this machine, runs pods in workers, and stops them on stop()', async () => {
    const lines: string[] = []
    const log = createLogger({ destination: { write: (l: string) => void lines.push(l) } })
    const node = startNodeAgent({
      serverUrl: peer.serverUrl,
      credential: 'user-token',
      name: 'edge-1',
      labels: { zone: 'lab' },
      allocatable: { pods: 5 },
      home,
      log,
      shutdownGracePeriodMs: 5000,
    })
    const register = await peer.server.waitFor('node:register')
    expect(register.payload).toMatchObject({
      name: 'edge-1',
      runtime: 'node',
      labels: { zone: 'lab' },
      allocatable: { cpu: availableParallelism() * 1000, pods: 5 },
    })

    const bundle = peer.serveBundle(`export default async function main(ctx) {
      console.log('serving ' + ctx.env.GREETING)
      await new Promise((r) => ctx.signal.addEventListener('abort', r))
    }`)
    peer.server.assign(podAssignment({ env: { GREETING: 'hi' }, pack: { sha256: bundle.sha256 } }))
    await peer.server.waitFor('pod:log', (p) => p.entries.some((e) => e.line === 'serving hi'))

    await node.stop()
    expect(node.agent.state).toBe('stopped')
    const stopped = await peer.server.waitFor('pod:status', (p) => p.status !== 'Running')
    expect(stopped.payload).toMatchObject({ podId: 'pod-1', status: 'Stopped', reason: 'NodeShutdown' })
    expect(JSON.parse(await readFile(join(home, 'nodes', 'edge-1.json'), 'utf8'))).toEqual({
      nodeId: 'node-1',
      name: 'edge-1',
      nodeToken: 'node-token-node-1',
    })
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.find((r) => r.msg === 'registered')).toMatchObject({ service: 'node-agent', node: 'edge-1', nodeId: 'node-1' })
  })

  it('comes back as the same node from the same home', async () => {
    const first = startNodeAgent({
      serverUrl: peer.serverUrl,
      credential: 'user-token',
      name: 'edge-1',
      home,
      log: createLogger({ destination: { write() {} } }),
    })
    await ready(first.agent)
    await first.stop()
    const second = startNodeAgent({
      serverUrl: peer.serverUrl,
      name: 'edge-1',
      home,
      log: createLogger({ destination: { write() {} } }),
    })
    const again = await peer.server.waitFor('node:register', () => true, peer.server.messages.length)
    await second.stop()
    expect(again.payload.nodeId).toBe('node-1')
    expect(peer.server.connections.map((c) => c.token)).toEqual(['user-token', 'node-token-node-1'])
  })
})
