/**
 * Hostile input against the built server: several 20 MB bodies at once each get their 413 (not a
 * reset connection); NUL and unpaired surrogates anywhere in a body, a query or a path get 400,
 * never 500; names with whitespace, control, look-alike or other Unicode characters are refused for
 * every named resource, nodes included.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '@stark/server/testing'
import { stark, startServer, tempHome, type StarkServer } from './harness/stark'

describe('hostile input', () => {
  const home = tempHome()
  let server: StarkServer
  let token: string

  const api = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    callApi(server.url, method, path, { body, token, headers })

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    expect(
      (await stark(home.path, server.url, ['auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1'])).code,
    ).toBe(0)
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-1' }),
    })
    token = ((await r.json()) as { accessToken: string }).accessToken
  })
  afterAll(async () => {
    await server?.stop()
    home.remove()
  })

  it('several concurrent 20 MB bodies each get their 413, declared or chunked', async () => {
    const big = JSON.stringify({ name: 'big', version: '1.0.0', bundle: 'x'.repeat(20 * 1024 * 1024) })
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(big)
          for (let at = 0; at < bytes.length; at += 1 << 20) controller.enqueue(bytes.subarray(at, at + (1 << 20)))
          controller.close()
        },
      })
    const declared = Array.from({ length: 4 }, () => api('POST', '/api/packs', big))
    const streamed = Array.from({ length: 2 }, () =>
      fetch(`${server.url}/api/packs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: chunked(),
        duplex: 'half',
      } as RequestInit).then(async (r) => ({ status: r.status, body: await r.json() })),
    )
    const answers = await Promise.all([...declared, ...streamed])
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(Array(6).fill([413, 'payload_too_large']))
    // The server is fine afterwards.
    expect((await api('GET', '/api/namespaces')).status).toBe(200)
  })

  it('NUL and unpaired surrogates anywhere give 400, never 500', async () => {
    const bodies = [
      '{"name":"a\\u0000b"}',
      '{"name":"ok","labels":{"k\\u0000":"v"}}',
      '{"name":"ok","quota":{"deep":[{"x":"\\ud800"}]}}',
      '{"\\udc00":1}',
      '{"name":"team-x","quota":{"pods":1},"note":["fine","\\u0000"]}',
    ]
    for (const path of ['/api/namespaces', '/api/pods', '/api/secrets', '/api/services', '/api/packs', '/api/auth/login']) {
      for (const body of bodies) {
        const r = await api('POST', path, body)
        expect([path, body, r.status]).toEqual([path, body, 400])
      }
    }
    for (const query of ['?namespace=%00', '?namespace=a%ED%A0%80', '?since=%00', '?x%00=1']) {
      const r = await api('GET', `/api/pods${query}`)
      expect([query, r.status]).toEqual([query, 400])
    }
    expect((await api('GET', '/api/pods/a%00b')).status).toBe(400)
    expect((await api('PATCH', '/api/users/ada@example.com', '{"role":"admin","x":"\\u0000"}')).status).toBe(400)
  })

  it('refuses names that are not DNS-1123 labels for every named resource', async () => {
    const bad = [
      'Web',
      'web server',
      'web\t1',
      'wеb' /* Cyrillic е */,
      'web\u200b',
      'web-',
      '-web',
      'w'.repeat(64),
      'web\u202e',
      'ｗｅｂ',
      'web.1',
    ]
    for (const name of bad) {
      for (const [path, body] of [
        ['/api/namespaces', { name }],
        ['/api/secrets', { name, data: { K: 'v' } }],
        ['/api/priorityclasses', { name, value: 1 }],
        ['/api/services', { name, pack: 'p', replicas: 1 }],
        ['/api/pods', { name, pack: 'p' }],
        ['/api/pods', { pack: 'p', namespace: name }],
      ] as const) {
        const r = await api('POST', path, JSON.stringify(body))
        expect([path, name, r.status]).toEqual([path, name, 400])
      }
    }
    for (const name of ['Pack', 'pack name', 'pаck', 'pack\u0301']) {
      const r = await api('POST', '/api/packs', JSON.stringify({ name, version: '1.0.0', bundle: 'export default () => {}' }))
      expect([name, r.status]).toEqual([name, 400])
    }
    // A node cannot name itself outside the rule either.
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/ws', { headers: { authorization: `Bearer ${token}` } })
    const reply = new Promise<any>((resolve) => ws.on('message', (d) => resolve(JSON.parse(d.toString()))))
    await new Promise((resolve, reject) => {
      ws.on('open', resolve)
      ws.on('error', reject)
    })
    ws.send(
      JSON.stringify({
        type: 'node:register',
        id: 'r',
        payload: { protocol: 1, name: 'Evil Node\u202e', runtime: 'node', allocatable: { cpu: 1000, memory: 1024, pods: 10 } },
      }),
    )
    expect(await reply).toMatchObject({ type: 'error' })
    ws.close()
    const nodes = await api('GET', '/api/nodes')
    expect(JSON.stringify(nodes.body)).not.toContain('Evil')
  })
})
