/**
 * What a heartbeat says about a node's runs: a list (even an empty one) is the node's word on
 * what it runs, so a Running pod missing from it is lost; a heartbeat without the list (the field
 * is optional in the protocol) says nothing about them, and no pod is taken as lost for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload } from '../testing/ws-client'

const HEARTBEAT_MS = 100
let s: TestServer
let token: string

beforeAll(async () => {
  s = await startTestServer({ config: { heartbeatIntervalMs: HEARTBEAT_MS } })
  token = await s.admin()
  const pack = { name: 'app', version: '1.0.0', runtime: 'node', bundle: 'export default async () => {}' }
  expect((await s.api('POST', '/api/packs', pack, token)).status).toBe(201)
})
afterAll(() => s.close())

const podStatus = async (name: string) => (await s.api('GET', `/api/pods/${name}`, undefined, token)).body
async function waitFor(fn: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('a heartbeat and the runs it lists', () => {
  it('without a list, keeps the pods; with an empty list, the Running pod is lost', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${token}` })
    c.send('node:register', registerPayload('quiet-lister'), 'r')
    await c.next('node:registered')
    expect((await s.api('POST', '/api/pods', { pack: 'app', name: 'kept' }, token)).status).toBe(201)
    const run = (await c.next('pod:assign')).payload.pod
    c.send('pod:status', { podId: run.podId, incarnation: run.incarnation, status: 'Running' })
    await waitFor(async () => (await podStatus('kept')).status === 'Running', 'the pod Running')

    // Heartbeats without a list for ten intervals, well past the 2 intervals after which a run
    // missing from a list counts as lost: the pod stays Running throughout.
    const until = Date.now() + 10 * HEARTBEAT_MS
    while (Date.now() < until) {
      c.send('node:heartbeat', {})
      await new Promise((r) => setTimeout(r, HEARTBEAT_MS / 2))
      expect((await podStatus('kept')).status).toBe('Running')
    }

    // An empty list is the node's word that it runs nothing: the pod is lost.
    c.send('node:heartbeat', { pods: [] })
    await waitFor(async () => (await podStatus('kept')).reason === 'PodLost', 'the pod lost')
    c.ws.close()
  })

  it('a list naming one run twice (as many entries as the node holds runs) still misses the other: it is lost', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${token}` })
    c.send('node:register', registerPayload('twice-lister'), 'r')
    await c.next('node:registered')
    const runs = []
    for (const name of ['one', 'other']) {
      expect((await s.api('POST', '/api/pods', { pack: 'app', name }, token)).status).toBe(201)
      const run = (await c.next('pod:assign')).payload.pod
      c.send('pod:status', { podId: run.podId, incarnation: run.incarnation, status: 'Running' })
      runs.push({ podId: run.podId, incarnation: run.incarnation, status: 'Running' as const })
    }
    await waitFor(async () => (await podStatus('other')).status === 'Running', 'both pods Running')

    // Both listed: nothing changes (a quiet heartbeat).
    c.send('node:heartbeat', { pods: runs })
    const first = runs[0]!
    const until = Date.now() + 4 * HEARTBEAT_MS
    while (Date.now() < until) {
      c.send('node:heartbeat', { pods: [first, first] })
      await new Promise((r) => setTimeout(r, HEARTBEAT_MS / 2))
      if ((await podStatus('other')).reason === 'PodLost') break
    }
    await waitFor(async () => (await podStatus('other')).reason === 'PodLost', 'the unlisted pod lost')
    expect((await podStatus('one')).status).toBe('Running')
    c.ws.close()
  })
})
