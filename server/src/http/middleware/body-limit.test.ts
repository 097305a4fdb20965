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
