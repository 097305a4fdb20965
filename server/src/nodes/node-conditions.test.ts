/**
 * What a node says about itself when it registers and beats, against a real server with
 * hand-driven agents: a pressure condition keeps pods off it (the diagnosis says why) until it
 * clears; a pod network that reaches the node's machine (`open`) is an admin's call only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload } from '../testing/ws-client'

let s: TestServer
let admin: string
let user: string
const PASSWORD = 'a-long-node-test-passphrase-7'

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  expect(
    (await s.api('POST', '/api/auth/register', { email: 'uma@example.com', password: PASSWORD, role: 'user' }, admin)).status,
  ).toBe(201)
  user = (await s.api('POST', '/api/auth/login', { email: 'uma@example.com', password: PASSWORD })).body.accessToken
  await s.api(
    'POST',
    '/api/packs',
    { name: 'app', version: '1.0.0', runtime: 'node', bundle: 'export default async () => {}' },
    admin,
  )
})
afterAll(() => s.close())

async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const end = Date.now() + 20_000
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const PRESSURE = { type: 'ResourcePressure', reason: 'EMFILE', message: 'could not start a pod process: spawn EMFILE', since: 1 }

describe('node conditions', () => {
  it('a node under resource pressure takes no pods, the diagnosis says why, and it takes them again once it clears', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${admin}` })
    c.send('node:register', registerPayload('pressed', { conditions: [PRESSURE] }), 'r')
    await c.next('node:registered')
    const node = (await s.api('GET', '/api/nodes/pressed', undefined, admin)).body
    expect(node).toMatchObject({ status: 'Ready', conditions: [PRESSURE], podNetwork: 'default' })

    expect((await s.api('POST', '/api/pods', { pack: 'app', name: 'waits' }, admin)).status).toBe(201)
    const pending = await waitFor(async () => {
      const pod = (await s.api('GET', '/api/pods/waits', undefined, admin)).body
      return pod.status === 'Pending' && pod.message ? pod : undefined
    }, 'the pod to be diagnosed')
    expect(pending.message).toMatch(/ResourcePressure/)
    const events = (await s.api('GET', '/api/events?limit=200', undefined, admin)).body
    expect(JSON.stringify(events)).toMatch(/NodeResourcePressure/)

    // It recovers: the next heartbeat has no condition, and the pod comes.
    c.send('node:heartbeat', { pods: [], conditions: [] })
    // The pending pod is tried again on the scheduler's own back-off: give it time on a busy machine.
    const assign = (await c.next('pod:assign', 60_000)).payload.pod
    expect(assign.name).toBe('waits')
    expect((await s.api('GET', '/api/nodes/pressed', undefined, admin)).body.conditions).toEqual([])

    // Pressure again: no new pod comes while it holds.
    c.send('node:heartbeat', {
      pods: [{ podId: assign.podId, incarnation: assign.incarnation, status: 'Running' }],
      conditions: [PRESSURE],
    })
    await waitFor(
      async () => (await s.api('GET', '/api/nodes/pressed', undefined, admin)).body.conditions.length === 1,
      'the condition again',
    )
    expect((await s.api('POST', '/api/pods', { pack: 'app', name: 'waits-too' }, admin)).status).toBe(201)
    await waitFor(
      async () => (await s.api('GET', '/api/pods/waits-too', undefined, admin)).body.message?.includes('ResourcePressure'),
      'the second pod to be diagnosed',
    )
    expect((await s.api('GET', '/api/pods/waits-too', undefined, admin)).body.status).toBe('Pending')
    c.ws.close()
  }, 120_000)

  it('a malformed condition is refused like any bad message', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${admin}` })
    c.send('node:register', registerPayload('liar', { conditions: [{ type: '', reason: 1 }] }), 'r')
    expect((await c.next('error')).payload.code).toBeDefined()
    c.ws.close()
  })
})

describe('pod network mode at registration', () => {
  it('refuses an open node registered by a plain user, for good (4403, with the reason)', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${user}` })
    c.send('node:register', registerPayload('users-open', { podNetwork: 'open' }), 'r')
    const closed = await c.closed
    expect(closed.code).toBe(4403)
    expect(closed.reason).toMatch(/only an admin may run a node with --pod-network open/)
    expect((await s.api('GET', '/api/nodes/users-open', undefined, admin)).status).toBe(404)
  })

  it('takes the same user’s default and restricted nodes, and an admin’s open one', async () => {
    for (const [token, name, podNetwork] of [
      [user, 'users-default', 'default'],
      [user, 'users-restricted', 'restricted'],
      [admin, 'admins-open', 'open'],
    ] as const) {
      const c = await connectRaw(s.url, { header: `Bearer ${token}` })
      c.send('node:register', registerPayload(name, { podNetwork }), 'r')
      await c.next('node:registered')
      expect((await s.api('GET', `/api/nodes/${name}`, undefined, admin)).body.podNetwork).toBe(podNetwork)
      c.ws.close()
    }
  })

  it('a plain user’s node that comes back with its node token as open is refused too', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${user}` })
    c.send('node:register', registerPayload('users-later-open'), 'r')
    const { nodeId, nodeToken } = (await c.next('node:registered')).payload
    c.ws.close()
    await c.closed
    const back = await connectRaw(s.url, { header: `Bearer ${nodeToken}` })
    back.send('node:register', registerPayload('users-later-open', { nodeId, podNetwork: 'open' }), 'r')
    expect((await back.closed).code).toBe(4403)
  })
})
