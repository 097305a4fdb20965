/**
 * Fencing and reconciliation against a real server, with a hand-driven agent: a node's word
 * about a pod counts only for the run the server last gave it; a node coming back is told to stop
 * what the server has given up on, and gets what it missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload, type RawClient } from '../testing/ws-client'
import { markFinished } from '../pods/transitions'

let s: TestServer
let token: string

beforeAll(async () => {
  s = await startTestServer()
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

async function runningPod(c: RawClient, name: string) {
  const created = await s.api('POST', '/api/pods', { pack: 'app', name }, token)
  expect(created.status).toBe(201)
  const assign = (await c.next('pod:assign')).payload.pod
  c.send('pod:status', { podId: assign.podId, incarnation: assign.incarnation, status: 'Running' })
  await waitFor(async () => (await s.api('GET', `/api/pods/${name}`, undefined, token)).body.status === 'Running')
  return assign as { podId: string; incarnation: number }
}

async function waitFor(fn: () => Promise<boolean>, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('fencing', () => {
  it('ignores a report for another incarnation or another node', async () => {
    const owner = await node('fence-a')
    const pod = await runningPod(owner.c, 'fenced-1')
    const other = await node('fence-b')
    other.c.send('pod:status', { podId: pod.podId, incarnation: pod.incarnation, status: 'Succeeded' })
    owner.c.send('pod:status', { podId: pod.podId, incarnation: pod.incarnation - 1, status: 'Failed' })
    await new Promise((r) => setTimeout(r, 200))
    expect((await s.api('GET', '/api/pods/fenced-1', undefined, token)).body).toMatchObject({
      status: 'Running',
      incarnation: pod.incarnation,
    })
    // A foreign node claiming to run it is told to stop that run.
    other.c.send('pod:status', { podId: pod.podId, incarnation: pod.incarnation, status: 'Running' })
    expect((await other.c.next('pod:stop')).payload).toMatchObject({ podId: pod.podId, incarnation: pod.incarnation })
    owner.c.ws.close()
    other.c.ws.close()
  })

  it('tells a node still running a pod the server gave up on to stop it', async () => {
    const a = await node('fence-lost')
    const pod = await runningPod(a.c, 'given-up')
    await s.deps.writes.run((tx) => tx.putPod(markFinished(tx.pod(pod.podId)!, { status: 'Failed', reason: 'NodeLost' }, tx.now)))
    a.c.send('node:heartbeat', { pods: [{ podId: pod.podId, incarnation: pod.incarnation, status: 'Running' }] })
    expect((await a.c.next('pod:stop')).payload).toMatchObject({
      podId: pod.podId,
      incarnation: pod.incarnation,
      reason: 'NodeLost',
    })
    a.c.ws.close()
  })

  it('on reconnect: adopts what it runs, re-sends what it missed, stops what is unknown', async () => {
    const a = await node('returning')
    const kept = await runningPod(a.c, 'kept')
    // An assignment the node never acted on (lost with the connection).
    expect((await s.api('POST', '/api/pods', { pack: 'app', name: 'missed' }, token)).status).toBe(201)
    const missed = (await a.c.next('pod:assign')).payload.pod
    a.c.ws.close()
    await a.c.closed
    await waitFor(async () => (await s.api('GET', '/api/nodes/returning', undefined, token)).body.status === 'NotReady')
    const back = await connectRaw(s.url, { header: `Bearer ${a.nodeToken}` })
    const stranger = '11111111-2222-3333-4444-555555555555'
    back.send(
      'node:register',
      registerPayload('returning', {
        nodeId: a.nodeId,
        pods: [
          { podId: kept.podId, incarnation: kept.incarnation, status: 'Running' },
          { podId: stranger, incarnation: 3, status: 'Running' },
        ],
      }),
      'r2',
    )
    expect((await back.next('node:registered')).payload.nodeId).toBe(a.nodeId)
    expect((await back.next('pod:stop')).payload).toMatchObject({ podId: stranger, incarnation: 3 })
    expect((await back.next('pod:assign')).payload.pod).toMatchObject({ podId: missed.podId, incarnation: missed.incarnation })
    expect((await s.api('GET', '/api/pods/kept', undefined, token)).body).toMatchObject({
      status: 'Running',
      incarnation: kept.incarnation,
    })
    back.ws.close()
  })
})
