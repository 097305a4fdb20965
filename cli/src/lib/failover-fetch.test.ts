import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failoverFetch } from './failover-fetch'

describe('failoverFetch', () => {
  let up: Server
  let upUrl = ''
  let downUrl = ''
  const seen: string[] = []
  beforeAll(async () => {
    up = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`)
        res.writeHead(req.url === '/missing' ? 404 : 200).end('ok')
      })
    })
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r))
    upUrl = `http://127.0.0.1:${(up.address() as AddressInfo).port}`
    // A port that was just free: nothing listens there.
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    downUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
    await new Promise<void>((r) => probe.close(() => r()))
  })
  afterAll(() => new Promise<void>((r) => up.close(() => r())))

  it('sends a request the first server does not answer to the next, body and all', async () => {
    const f = failoverFetch(fetch, [downUrl, upUrl])
    const res = await f(`${downUrl}/api/pods`, { method: 'POST', body: '{"a":1}' })
    expect(res.status).toBe(200)
    const req = await f(new Request(`${downUrl}/api/x`, { method: 'PUT', body: 'b' }))
    expect(req.status).toBe(200)
    expect(seen.slice(-2)).toEqual(['POST /api/pods {"a":1}', 'PUT /api/x b'])
  })

  it('takes any answer of a server as the answer, and fails when none answers', async () => {
    const f = failoverFetch(fetch, [upUrl, downUrl])
    expect((await f(`${upUrl}/missing`)).status).toBe(404)
    await expect(failoverFetch(fetch, [downUrl, downUrl.replace('127.0.0.1', 'localhost')])(`${downUrl}/x`)).rejects.toThrow()
  })
})
