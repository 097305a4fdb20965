/**
 * The client against a real server (in-process, PGlite): typed calls with path parameters, query
 * and bodies, and refusals as ProblemErrors carrying the server's problem details.
 */
import { startTestServer, type TestServer } from '@stark/server/testing'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { createStarkClient, ProblemError, type Schema, type StarkClient } from './index'

let server: TestServer
let client: StarkClient
let token: string | undefined

beforeAll(async () => {
  server = await startTestServer()
  client = createStarkClient({ baseUrl: `${server.url}/`, token: () => token })
})
afterAll(async () => {
  await server?.close()
})

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ProblemError)
      return error as ProblemError
    },
  )

describe('@stark/client', () => {
  it('signs up the first admin and reads who it is', async () => {
    const tokens = await client.post('/api/auth/setup', {
      body: { email: 'ada@example.com', password: 'a long enough password' },
    })
    expectTypeOf(tokens).toEqualTypeOf<Schema<'Tokens'>>()
    expect(tokens.user.role).toBe('admin')
    token = tokens.accessToken
    const me = await client.get('/api/auth/whoami')
    expect(me).toMatchObject({ email: 'ada@example.com', role: 'admin' })
  })

  it('creates, reads, lists page by page and deletes with path parameters and query', async () => {
    const created = await client.post('/api/namespaces', { body: { name: 'team-a' } })
    expectTypeOf(created).toEqualTypeOf<Schema<'Namespace'>>()
    expect(created.name).toBe('team-a')
    await client.post('/api/namespaces', { body: { name: 'team-b' } })
    const one = await client.get('/api/namespaces/{name}', { params: { name: 'team-a' } })
    expect(one.usage).toEqual({ pods: 0, cpu: 0, memory: 0 })
    const names = (await client.get('/api/namespaces')).items.map((n) => n.name)
    expect(names).toEqual(expect.arrayContaining(['team-a', 'team-b']))
    // Events (the setup and each create made some) page by page, forward from a time.
    const first = await client.get('/api/events', { query: { limit: 1, since: '2000-01-01T00:00:00Z' } })
    expectTypeOf(first.items).toEqualTypeOf<Schema<'Event'>[]>()
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).toBeTruthy()
    const next = await client.get('/api/events', { query: { limit: 1, cursor: first.nextCursor ?? undefined } })
    expect(next.items[0]?.id).not.toBe(first.items[0]?.id)
    await client.delete('/api/namespaces/{name}', { params: { name: 'team-b' } })
    const nodes = await client.get('/api/nodes', { query: { status: 'Ready' } })
    expectTypeOf(nodes.items).toEqualTypeOf<Schema<'Node'>[]>()
    expect(nodes.items).toEqual([])
  })

  it('throws a ProblemError with the problem details of a refusal', async () => {
    const missing = await refusal(client.get('/api/pods/{ref}', { params: { ref: 'no-such-pod' } }))
    expect(missing.status).toBe(404)
    expect(missing.code).toBe('not_found')
    expect(missing.problem).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/pods/no-such-pod' })
    expect(missing.message).toContain('no-such-pod')

    const invalid = await refusal(client.post('/api/namespaces', { body: { name: 'Not A Name' } }))
    expect(invalid.status).toBe(400)
    expect(invalid.errors.map((e) => e.pointer)).toContain('/name')

    token = 'not-a-token'
    const anonymous = await refusal(client.get('/api/auth/whoami'))
    expect(anonymous.status).toBe(401)
  })

  it('turns an answer that is not problem details into one', async () => {
    const proxy = createStarkClient({
      baseUrl: server.url,
      fetch: async () => new Response('<h1>Bad Gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }),
    })
    const error = await refusal(proxy.get('/api/status'))
    expect(error.problem).toMatchObject({
      status: 502,
      title: 'HTTP 502',
      detail: '<h1>Bad Gateway</h1>',
      instance: '/api/status',
    })
  })

  it('builds URLs for the streams it does not read', () => {
    expect(client.url('/api/pods/{ref}/logs', { params: { ref: 'web/1' }, query: { follow: 'true', tail: 20 } })).toBe(
      `${server.url}/api/pods/web%2F1/logs?follow=true&tail=20`,
    )
  })

  it('is typed by path: unknown paths, missing parameters and wrong bodies do not compile', () => {
    // @ts-expect-error: no such path
    expect(() => client.get('/api/nothing-here')).toBeDefined()
    // @ts-expect-error: the path parameter is required
    expect(() => client.get('/api/pods/{ref}').catch(() => {})).toBeDefined()
    // @ts-expect-error: a namespace has no replicas
    expect(() => client.post('/api/namespaces', { body: { name: 'x', replicas: 2 } }).catch(() => {})).toBeDefined()
  })
})
