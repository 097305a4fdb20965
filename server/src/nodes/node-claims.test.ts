/**
 * A node that lies about itself, driven by hand over a raw WebSocket against a real server: a
 * user's agent reports on pods it does not hold, raises its capacity, sends absurd usage, claims
 * runs it was never given and gives itself reserved labels. Each lie is refused or ignored.
 *
 * A lie that gets no answer is followed by a forged log line for an unknown pod on the same
 * connection: messages are handled in order, so its error reply means the lie was handled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload, type RawClient } from '../testing/ws-client'
import { USAGE_ABSURD_FACTOR } from './node-claims'

let s: TestServer
let admin: string
let eve: string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  const password = 'eve-long-password-1'
  expect((await s.api('POST', '/api/auth/register', { email: 'eve@example.com', password, role: 'user' }, admin)).status).toBe(
    201,
  )
  eve = (await s.api('POST', '/api/auth/login', { email: 'eve@example.com', password })).body.accessToken
  expect(
    (await s.api('POST', '/api/packs', { name: 'admin-app', version: '1.0.0', bundle: 'export default async () => {}' }, admin))
      .status,
  ).toBe(201)
  expect(
    (await s.api('POST', '/api/packs', { name: 'eve-app', version: '1.0.0', bundle: 'export default async () => {}' }, eve))
      .status,
  ).toBe(201)
})
afterAll(() => s?.close())

const ALLOCATABLE = { cpu: 1000, memory: 1024, pods: 10 }

async function node(token: string, name: string, extra: Record<string, unknown> = {}) {
  const c = await connectRaw(s.url, { header: `Bearer ${token}` })
  c.send('node:register', registerPayload(name, { allocatable: ALLOCATABLE, ...extra }), 'r')
  const reg = (await c.next('node:registered')).payload
  return { c, nodeId: reg.nodeId as string, nodeToken: reg.nodeToken as string }
}

async function runningPod(c: RawClient, token: string, pack: string, name: string) {
  expect((await s.api('POST', '/api/pods', { pack, name }, token)).status).toBe(201)
  const assign = (await c.next('pod:assign')).payload.pod as { podId: string; incarnation: number }
  c.send('pod:status', { podId: assign.podId, incarnation: assign.incarnation, status: 'Running' })
  await waitFor(() => s.deps.state.pods.get(assign.podId)?.status === 'Running')
  return assign
}

async function waitFor(fn: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Waits until everything sent on this connection before has been handled. */
async function handled(c: RawClient) {
  c.send(
    'pod:log',
    { podId: '00000000-0000-0000-0000-00000000beef', incarnation: 0, entries: [{ ts: 1, stream: 'stdout', line: 'barrier' }] },
    'barrier',
  )
  expect((await c.next('error')).payload.code).toBe('forbidden')
}

const logLines = async (token: string, pod: string) =>
  ((await s.api('GET', `/api/pods/${pod}/logs`, undefined, token)).body.items as { line: string }[]).map((l) => l.line)

describe('a node that lies about itself', () => {
  it("cannot change another node's pod or reach its logs and usage", async () => {
    const honest = await node(admin, 'claims-honest')
    const victim = await runningPod(honest.c, admin, 'admin-app', 'victim')
    honest.c.send('node:heartbeat', { usage: [{ podId: victim.podId, incarnation: victim.incarnation, cpu: 100, memory: 64 }] })
    await waitFor(() => s.deps.usage.pod(victim.podId)?.cpu === 100)
    honest.c.send('pod:log', {
      podId: victim.podId,
      incarnation: victim.incarnation,
      entries: [{ ts: Date.now(), stream: 'stdout', line: 'own line' }],
    })
    await waitFor(async () => (await logLines(admin, 'victim')).includes('own line'))

    const liar = await node(eve, 'claims-liar')
    liar.c.send('pod:status', { podId: victim.podId, incarnation: victim.incarnation, status: 'Succeeded', exitCode: 0 })
    liar.c.send('node:heartbeat', {
      pods: [{ podId: victim.podId, incarnation: victim.incarnation, status: 'Failed' }],
      usage: [{ podId: victim.podId, incarnation: victim.incarnation, cpu: 900, memory: 900 }],
    })
    liar.c.send(
      'pod:log',
      {
        podId: victim.podId,
        incarnation: victim.incarnation,
        entries: [{ ts: Date.now(), stream: 'stdout', line: 'forged line' }],
      },
      'log',
    )
    expect((await liar.c.next('error')).payload).toMatchObject({ code: 'forbidden' })
    await handled(liar.c)

    expect(s.deps.state.pods.get(victim.podId)).toMatchObject({
      status: 'Running',
      incarnation: victim.incarnation,
      nodeId: honest.nodeId,
    })
    expect(s.deps.usage.pod(victim.podId)).toMatchObject({ cpu: 100, memory: 64 })
    expect(await logLines(admin, 'victim')).not.toContain('forged line')
    honest.c.ws.close()
    liar.c.ws.close()
  })

  it('cannot claim a run the server never gave it', async () => {
    const liar = await node(eve, 'claims-runs')
    const own = await runningPod(liar.c, eve, 'eve-app', 'eve-pod')
    const next = own.incarnation + 1
    liar.c.send('pod:status', { podId: own.podId, incarnation: next, status: 'Succeeded', exitCode: 0 })
    liar.c.send('node:heartbeat', { pods: [{ podId: own.podId, incarnation: next, status: 'Succeeded' }] })
    liar.c.send(
      'pod:log',
      { podId: own.podId, incarnation: next, entries: [{ ts: Date.now(), stream: 'stdout', line: 'future line' }] },
      'log',
    )
    expect((await liar.c.next('error')).payload).toMatchObject({ code: 'forbidden' })
    await handled(liar.c)
    expect(s.deps.state.pods.get(own.podId)).toMatchObject({ status: 'Running', incarnation: own.incarnation })
    // Its word about the run it was given still counts.
    liar.c.send('pod:status', { podId: own.podId, incarnation: own.incarnation, status: 'Succeeded', exitCode: 0 })
    await waitFor(() => s.deps.state.pods.get(own.podId)?.status === 'Succeeded')
    liar.c.ws.close()
  })

  it('drops absurd usage figures and refuses negative ones', async () => {
    const liar = await node(eve, 'claims-usage')
    const own = await runningPod(liar.c, eve, 'eve-app', 'eve-usage')
    const at = (cpu: number, memory: number) =>
      liar.c.send('node:heartbeat', { usage: [{ podId: own.podId, incarnation: own.incarnation, cpu, memory }] })
    at(300, 128)
    await handled(liar.c)
    expect(s.deps.usage.pod(own.podId)).toMatchObject({ cpu: 300, memory: 128 })
    at(ALLOCATABLE.cpu * USAGE_ABSURD_FACTOR + 1, 128)
    await handled(liar.c)
    expect(s.deps.usage.pod(own.podId)).toBeNull()
    at(300, ALLOCATABLE.memory * USAGE_ABSURD_FACTOR * 10)
    await handled(liar.c)
    expect(s.deps.usage.pod(own.podId)).toBeNull()
    at(-5, 128)
    expect((await liar.c.next('error')).payload.code).toBe('invalid-payload')
    expect(s.deps.usage.pod(own.podId)).toBeNull()
    liar.c.ws.close()
  })

  it('keeps the capacity it first registered with unless an admin raises it', async () => {
    const first = await node(eve, 'claims-capacity')
    const allocatable = () => s.deps.state.nodes.get(first.nodeId)?.allocatable
    // Heartbeats carry no capacity: an extra field changes nothing.
    first.c.send('node:heartbeat', { allocatable: { cpu: 64_000, memory: 65_536, pods: 1000 } })
    await handled(first.c)
    expect(allocatable()).toEqual(ALLOCATABLE)
    first.c.ws.close()
    await waitFor(() => s.deps.state.nodes.get(first.nodeId)?.status === 'NotReady')

    const reRegister = async (token: string, extra: Record<string, unknown>) => {
      const c = await connectRaw(s.url, { header: `Bearer ${token}` })
      c.send('node:register', registerPayload('claims-capacity', extra), 'r')
      expect((await c.next('node:registered')).payload.nodeId).toBe(first.nodeId)
      c.ws.close()
      await waitFor(() => s.deps.state.nodes.get(first.nodeId)?.status === 'NotReady')
    }
    await reRegister(first.nodeToken, { nodeId: first.nodeId, allocatable: { cpu: 64_000, memory: 65_536, pods: 1000 } })
    expect(allocatable()).toEqual(ALLOCATABLE)
    await reRegister(eve, { allocatable: { cpu: 500, memory: 99_999, pods: 10 } })
    expect(allocatable()).toEqual({ cpu: 500, memory: 1024, pods: 10 })
    await reRegister(first.nodeToken, { nodeId: first.nodeId, allocatable: ALLOCATABLE })
    expect(allocatable()).toEqual({ cpu: 500, memory: 1024, pods: 10 })
    await reRegister(admin, { allocatable: { cpu: 2000, memory: 2048, pods: 20 } })
    expect(allocatable()).toEqual({ cpu: 2000, memory: 2048, pods: 20 })
  })

  it('may not give itself reserved labels or taints; an admin may', async () => {
    const refused = async (extra: Record<string, unknown>) => {
      const c = await connectRaw(s.url, { header: `Bearer ${eve}` })
      c.send('node:register', registerPayload('claims-labels', extra), 'r')
      expect((await c.next('error')).payload).toMatchObject({ code: 'forbidden' })
      expect((await c.closed).code).toBe(4403)
    }
    await refused({ labels: { 'stark.io/trusted': 'true' } })
    await refused({ labels: { 'node.stark.io/role': 'system' } })
    await refused({ taints: [{ key: 'stark.io/dedicated', value: 'eve', effect: 'NoSchedule' }] })
    expect(s.deps.state.nodeByName('claims-labels')).toBeUndefined()

    const own = await node(eve, 'claims-labels', { labels: { 'stark.io/accept-public-packs': 'true', zone: 'home' } })
    expect(s.deps.state.nodes.get(own.nodeId)?.labels).toMatchObject({ 'stark.io/accept-public-packs': 'true', zone: 'home' })
    const patch = await s.api('PATCH', '/api/nodes/claims-labels', { labels: { 'stark.io/trusted': 'true' } }, eve)
    expect(patch.status).toBe(403)
    expect(s.deps.state.nodes.get(own.nodeId)?.labels['stark.io/trusted']).toBeUndefined()
    expect((await s.api('PATCH', '/api/nodes/claims-labels', { labels: { 'stark.io/trusted': 'true' } }, admin)).status).toBe(200)
    own.c.ws.close()

    const admins = await node(admin, 'claims-admin-labels', { labels: { 'stark.io/trusted': 'true' } })
    expect(s.deps.state.nodes.get(admins.nodeId)?.labels['stark.io/trusted']).toBe('true')
    admins.c.ws.close()
  })
})
