/** The WebSocket gateway against a real server: garbage in, clear errors out, server unharmed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_MESSAGE_BYTES } from '@stark/shared'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, type RawClient } from '../testing/ws-client'

let s: TestServer
let token: string

beforeAll(async () => {
  s = await startTestServer()
  token = await s.admin()
})
afterAll(() => s.close())

const connect = (auth: { header?: string; protocol?: string } = { header: `Bearer ${token}` }): Promise<RawClient> =>
  connectRaw(s.url, auth)

const register = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'node:register',
    id: 'r1',
    payload: { protocol: 1, name, runtime: 'node', allocatable: { cpu: 1000, memory: 1024, pods: 10 }, ...extra },
  })

describe('gateway', () => {
  it('closes with 4401 when the credential is missing or bad', async () => {
    expect((await (await connect({})).closed).code).toBe(4401)
    expect((await (await connect({ header: 'Bearer nope' })).closed).code).toBe(4401)
  })

  it('accepts a token in the stark.bearer subprotocol (browsers)', async () => {
    const c = await connect({ protocol: `stark.bearer.${token}` })
    c.ws.send(register('browser-like', { runtime: 'browser' }))
    expect((await c.next('node:registered')).payload.name).toBe('browser-like')
    c.ws.close()
  })

  it('answers garbage with error messages and keeps the connection', async () => {
    const c = await connect()
    const cases = [
      'not json',
      '[]',
      '{"type":42}',
      '{"type":"no:such"}',
      '{"type":"pod:assign","payload":{}}',
      '{"type":"node:register","payload":{"protocol":"x"}}',
      '{"type":"node:heartbeat","payload":{}}',
    ]
    for (const frame of cases) c.ws.send(frame)
    const errors = []
    for (let i = 0; i < cases.length; i++) errors.push((await c.next('error')).payload.code)
    // Decode errors answer at once; not-registered comes from the ordered handler chain.
    expect(errors.sort()).toEqual([
      'invalid-payload',
      'malformed',
      'malformed',
      'malformed',
      'not-registered',
      'unknown-type',
      'unknown-type',
    ])
    c.ws.send(register('after-garbage'))
    expect((await c.next('node:registered')).replyTo).toBe('r1')
    c.ws.close()
  })

  it('refuses an unsupported protocol version', async () => {
    const c = await connect()
    c.ws.send(register('old-agent', { protocol: 99 }))
    expect((await c.next('error')).payload.code).toBe('protocol-version')
    expect((await c.closed).code).toBe(1002)
  })

  it('closes a connection that sends an oversized frame, and the server keeps serving', async () => {
    const c = await connect()
    c.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 10))
    expect((await c.closed).code).toBe(1009)
    expect((await s.api('GET', '/health')).status).toBe(200)
  })

  it('refuses a second live connection for a node name and a pod:log for a foreign pod', async () => {
    const a = await connect()
    a.ws.send(register('taken'))
    await a.next('node:registered')
    const b = await connect()
    b.ws.send(register('taken'))
    expect((await b.next('error')).payload).toMatchObject({ code: 'conflict' })
    a.ws.send(
      JSON.stringify({
        type: 'pod:log',
        payload: {
          podId: '00000000-0000-0000-0000-000000000000',
          incarnation: 1,
          entries: [{ ts: 1, stream: 'stdout', line: 'x' }],
        },
      }),
    )
    expect((await a.next('error')).payload.code).toBe('forbidden')
    a.ws.close()
  })

  it('re-registers with the node token as the same node', async () => {
    const a = await connect()
    a.ws.send(register('returning'))
    const first = (await a.next('node:registered')).payload
    a.ws.close()
    await a.closed
    const b = await connect({ header: `Bearer ${first.nodeToken}` })
    b.ws.send(register('returning', { nodeId: first.nodeId }))
    const second = (await b.next('node:registered')).payload
    expect(second.nodeId).toBe(first.nodeId)
    expect(second.nodeToken).toBeUndefined()
    b.ws.close()
  })

  it('closes with 4404 for a node token whose node is unknown', async () => {
    const c = await connect()
    c.ws.send(register('to-be-forgotten'))
    const reg = (await c.next('node:registered')).payload
    c.ws.close()
    await c.closed
    await s.deps.writes.run((tx) => tx.deleteNode(reg.nodeId))
    expect((await (await connect({ header: `Bearer ${reg.nodeToken}` })).closed).code).toBe(4404)
  })
})

describe('watching events', () => {
  it('streams the events a user subscribed to, live', async () => {
    const c = await connect()
    c.ws.send(JSON.stringify({ type: 'watch:subscribe', id: 'w1', payload: { topics: ['pod:*'] } }))
    expect((await c.next('watch:subscribed')).replyTo).toBe('w1')
    await s.api('POST', '/api/packs', { name: 'watched', version: '1.0.0', bundle: 'export default () => {}' }, token)
    await s.api('POST', '/api/pods', { pack: 'watched', name: 'seen-live' }, token)
    const event = (await c.next('watch:event')).payload.event
    expect(event).toMatchObject({ type: 'PodCreated', resourceType: 'pod', resourceName: 'seen-live', newState: 'Pending' })
    c.ws.close()
  })

  it('refuses a bad topic', async () => {
    const c = await connect()
    c.ws.send(JSON.stringify({ type: 'watch:subscribe', payload: { topics: ['drop table;'] } }))
    expect((await c.next('error')).payload.code).toBe('invalid-payload')
    c.ws.close()
  })
})
