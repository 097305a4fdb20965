import { connect, type AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../env'
import { bodyLimit } from './body-limit'

function app(stallMs: number) {
  const a = new Hono<AppEnv>()
  a.use(bodyLimit({ maxBytes: 1024, stallMs }))
  a.post('/', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }))
  return a
}

/** A body that sends `bytes` and then neither sends more nor ends (a client that declared more than it sends). */
const stalling = (bytes: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes))
    },
  })

describe('body limit', () => {
  it('passes a body within the limit through, whole', async () => {
    const res = await app(50).request('/', { method: 'POST', body: new Uint8Array(1000) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ size: 1000 })
  })

  it('answers 413 for a body over the limit once it has been read', async () => {
    const res = await app(50).request('/', { method: 'POST', body: new Uint8Array(5000) })
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
  })

  it('answers 413 when a body declared over the limit stops arriving, instead of waiting for ever', async () => {
    const res = await app(50).request('/', {
      method: 'POST',
      body: stalling(512),
      headers: { 'content-length': String(13 * 1024 * 1024) },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })
})

describe('body limit on Node’s HTTP server', () => {
  /** The app above behind a real server; what each request's handler read of its body. */
  async function served() {
    const a = app(50)
    a.delete('/', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }))
    const server = serve({ fetch: a.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    return { server, port }
  }

  /** One raw HTTP/1.1 request; its status code, and the body size the handler read (200s). */
  async function send(port: number, head: string, body = ''): Promise<number> {
    return (await exchange(port, `${head}\r\nHost: x\r\nConnection: close\r\n\r\n${body}`)).status
  }

  function exchange(port: number, request: string): Promise<{ status: number; size?: number }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request))
      let text = ''
      socket.on('data', (d) => (text += d))
      socket.on('end', () =>
        resolve({
          status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]),
          size: Number(/"size":(\d+)/.exec(text)?.[1] ?? Number.NaN),
        }),
      )
      socket.on('error', reject)
    })
  }

  it('passes a request with neither Content-Length nor Transfer-Encoding through as bodiless, and still limits the others', async () => {
    const { server, port } = await served()
    try {
      expect(await send(port, 'DELETE / HTTP/1.1')).toBe(200)
      const whole = (n: number) =>
        `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${n}\r\n\r\n${'x'.repeat(n)}`
      // Declared bodies within the limit arrive whole (read ahead of the route).
      expect(await exchange(port, whole(1000))).toEqual({ status: 200, size: 1000 })
      expect(await exchange(port, whole(1024))).toEqual({ status: 200, size: 1024 })
      // A body that ends before its declared length: no answer with part of it, and the server goes on.
      const cut = await exchange(port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(500)}`)
      expect(cut.size).toBeNaN()
      expect(await exchange(port, whole(10))).toEqual({ status: 200, size: 10 })
      const chunk = (n: number) => `${n.toString(16)}\r\n${'x'.repeat(n)}\r\n`
      expect(await send(port, 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked', `${chunk(1000)}0\r\n\r\n`)).toBe(200)
      expect(await send(port, 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked', `${chunk(1000)}${chunk(1000)}0\r\n\r\n`)).toBe(413)
      expect(await send(port, 'POST / HTTP/1.1\r\nContent-Length: 5000', 'x'.repeat(5000))).toBe(413)
    } finally {
      server.close()
    }
  })
})
