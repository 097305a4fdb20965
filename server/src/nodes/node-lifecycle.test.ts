/**
 * Nodes leaving, deleted and drained, against a real server (PGlite) with hand-driven agents over
 * real WebSockets: a node that leaves is Offline (Left) and its pods are replaced at once; delete
 * refuses a Ready node without force, closes its socket and retires its token; drain stops pods
 * (services place theirs elsewhere) and leaves DaemonSet pods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_NODE_DELETED, CLOSE_UNKNOWN_NODE } from '@stark/shared'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload, type RawClient } from '../testing/ws-client'

let s: TestServer
let token: string

beforeAll(async () => {
  // A long eviction delay: anything replaced quickly here was replaced because the node left or was deleted.
  s = await startTestServer({ config: { nodeHealth: { evictAfterMs: 600_000, startupGraceMs: 0 } } })
  token = await s.admin()
  await s.api(
    'POST',
    '/api/packs',
    { name: 'app', version: '1.0.0', runtime: 'node', bundle: 'export default async () => {}' },
    token,
  )
})
afterAll(() => s.close())

async function node(name: string): Promise<{ c: RawClient; nodeId: string; nodeToken: string }> {
  const c = await connectRaw(s.url, { header: `Bearer ${token}` })
  c.send('node:register', registerPayload(name), 'r')
  const reg = (await c.next('node:registered')).payload
  return { c, nodeId: reg.nodeId, nodeToken: reg.nodeToken }
}

async function waitFor(fn: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const get = async (path: string) => (await s.api('GET', path, undefined, token)).body

/** A pod Running on `c` (the node is the only schedulable one when it is created). */
async function runOn(c: RawClient, name: string, extra: Record<string, unknown> = {}) {
  expect((await s.api('POST', '/api/pods', { pack: 'app', name, ...extra }, token)).status).toBe(201)
  const assign = (await c.next('pod:assign')).payload.pod
  c.send('pod:status', { podId: assign.podId, incarnation: assign.incarnation, status: 'Running' })
  await waitFor(async () => (await get(`/api/pods/${assign.name}`)).status === 'Running', `${assign.name} Running`)
  return assign as { podId: string; incarnation: number; name: string }
}

describe('leaving on purpose', () => {
  it('makes the node Offline (Left) and replaces its pods at once, then answers node:left', async () => {
    const a = await node('leave-a')
    const pod = await runOn(a.c, 'leaver', { restartPolicy: 'Always' })
    const b = await node('leave-b')
    a.c.send('node:leave', { reason: 'SIGTERM' }, 'bye')
    const left = await a.c.next('node:left')
    expect(left.payload).toEqual({ nodeId: a.nodeId, removed: false })
    expect(left.replyTo).toBe('bye')
    expect(await get('/api/nodes/leave-a')).toMatchObject({ status: 'Offline', reason: 'Left' })
    // Its run ended at once (the eviction delay here is 10 minutes) and it is placed again on leave-b.
    await waitFor(async () => {
      const now = await get(`/api/pods/${pod.name}`)
      return now.incarnation > pod.incarnation || (now.status === 'Failed' && now.reason === 'NodeLeft')
    }, `${pod.name} ended on the node that left`)
    const again = (await b.c.next('pod:assign')).payload.pod
    expect(again.podId).toBe(pod.podId)
    expect(again.incarnation).toBeGreaterThan(pod.incarnation)
    // A heartbeat on the leaving connection does not bring it back.
    a.c.send('node:heartbeat', { pods: [] })
    await new Promise((r) => setTimeout(r, 100))
    expect((await get('/api/nodes/leave-a')).status).toBe('Offline')
    const events = await get('/api/events?resource=node/leave-a')
    expect(events.items.map((e: { type: string }) => e.type)).toContain('NodeLeft')
    a.c.ws.close()
    b.c.ws.close()
  })

  it('with remove, deletes the node', async () => {
    const a = await node('leave-rm')
    a.c.send('node:leave', { remove: true }, 'bye')
    expect((await a.c.next('node:left')).payload).toEqual({ nodeId: a.nodeId, removed: true })
    expect((await s.api('GET', '/api/nodes/leave-rm', undefined, token)).status).toBe(404)
    a.c.ws.close()
  })
})

describe('node delete', () => {
  it('refuses a Ready node without force, with a clear message', async () => {
    const a = await node('del-ready')
    const refused = await s.api('DELETE', '/api/nodes/del-ready', undefined, token)
    expect(refused.status).toBe(409)
    expect(JSON.stringify(refused.body)).toMatch(/del-ready is Ready.*--force/)
    expect((await get('/api/nodes/del-ready')).status).toBe('Ready')
    a.c.ws.close()
  })

  it('with force: ends its pods, closes its socket, and its node token no longer works', async () => {
    const a = await node('del-forced')
    const pod = await runOn(a.c, 'del-pod')
    const gone = await s.api('DELETE', '/api/nodes/del-forced?force=true', undefined, token)
    expect(gone.status).toBe(200)
    expect(gone.body).toMatchObject({ deleted: true, name: 'del-forced', podsEnded: 1 })
    expect((await a.c.closed).code).toBe(CLOSE_NODE_DELETED)
    const p = await get(`/api/pods/${pod.name}`)
    expect(p.incarnation > pod.incarnation || (p.status === 'Failed' && p.reason === 'NodeDeleted')).toBe(true)
    expect((await s.api('GET', '/api/nodes/del-forced', undefined, token)).status).toBe(404)
    // The old node token is refused as an unknown node; the user may join again as a new node.
    const stale = await connectRaw(s.url, { header: `Bearer ${a.nodeToken}` })
    expect((await stale.closed).code).toBe(CLOSE_UNKNOWN_NODE)
    const again = await node('del-forced')
    expect(again.nodeId).not.toBe(a.nodeId)
    again.c.ws.close()
  })

  it('removes a NotReady node at once, and records NodeDeleted', async () => {
    const a = await node('del-down')
    a.c.ws.close()
    await waitFor(async () => (await get('/api/nodes/del-down')).status !== 'Ready', 'del-down NotReady')
    expect((await s.api('DELETE', '/api/nodes/del-down', undefined, token)).status).toBe(200)
    await waitFor(
      async () => (await get('/api/events?resource=node/del-down')).items.some((e: { type: string }) => e.type === 'NodeDeleted'),
      'NodeDeleted',
    )
  })
})

describe('node drain', () => {
  it('cordons, stops the pods, waits for them, and records NodeDrained', async () => {
    const a = await node('drain-a')
    const pod = await runOn(a.c, 'drain-pod')
    const started = await s.api('POST', '/api/nodes/drain-a/drain', undefined, token)
    expect(started.status).toBe(200)
    expect(started.body).toMatchObject({
      node: 'drain-a',
      done: false,
      remaining: [{ name: 'drain-pod', status: 'Stopping' }],
      daemonSetPods: 0,
    })
    expect((await get('/api/nodes/drain-a')).unschedulable).toBe(true)
    const stop = (await a.c.next('pod:stop')).payload
    expect(stop).toMatchObject({ podId: pod.podId, reason: 'Drained' })
    a.c.send('pod:status', { podId: pod.podId, incarnation: pod.incarnation, status: 'Stopped' })
    await waitFor(async () => (await get('/api/nodes/drain-a/drain')).done === true, 'drain done')
    expect(await get(`/api/pods/${pod.name}`)).toMatchObject({ status: 'Stopped', reason: 'Drained' })
    await waitFor(
      async () => (await get('/api/events?resource=node/drain-a')).items.some((e: { type: string }) => e.type === 'NodeDrained'),
      'NodeDrained',
    )
    a.c.ws.close()
  })
})
