/**
 * The request body limit, answered so that the client sees it: a body over the limit is read to its
 * end and thrown away (up to `drainBytes`), and only then is 413 sent, with `Connection: close`.
 * Answering at once and closing while the client is still sending makes the kernel reset the
 * connection, and a busy client then sees a reset instead of its 413. Past `drainBytes` the answer
 * goes out anyway (a client sending without end gets no more of our time), and so it does once an
 * oversized body has stalled for `stallMs` (a client that declared more than it sends is not waited for).
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { problem } from '../problem'

export interface BodyLimitOptions {
  maxBytes: number
  /** Bytes read and discarded past the limit before answering regardless (default 4 × maxBytes, at least 64 MiB). */
  drainBytes?: number
  /** How long an oversized body may send nothing before the 413 goes out regardless (default 3 s). */
  stallMs?: number
}

const STALLED = Symbol('stalled')

function bodiless(env: unknown): boolean {
  const incoming = (env as { incoming?: { headers?: Record<string, unknown> } } | undefined)?.incoming
  const headers = incoming?.headers
  return headers !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined
}

export function bodyLimit(options: BodyLimitOptions) {
  const { maxBytes } = options
  const drainBytes = options.drainBytes ?? Math.max(4 * maxBytes, 64 * 1024 * 1024)
  const stallMs = options.stallMs ?? 3000
  const tooLarge = (c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0]) =>
    problem(c, 413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`, { headers: { connection: 'close' } })

  return createMiddleware<AppEnv>(async function bodyLimit(c, next) {
    // A request read by Node's HTTP server with neither Content-Length nor Transfer-Encoding has no
    // body (RFC 9112, 6.3): asking for it would only build the web Request (and a stream) for nothing.
    if (bodiless(c.env)) return next()
    const body = c.req.raw.body
    if (!body) return next()
    const declared = c.req.raw.headers.has('transfer-encoding') ? undefined : c.req.raw.headers.get('content-length')
    if (declared !== undefined && declared !== null && Number.parseInt(declared, 10) <= maxBytes) return next()
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    let over = declared !== undefined && declared !== null && Number.parseInt(declared, 10) > maxBytes
    try {
      for (;;) {
        // Past the limit, a body that stops arriving is not waited for.
        let timer: ReturnType<typeof setTimeout> | undefined
        const read = over
          ? await Promise.race([
              reader.read(),
              new Promise<typeof STALLED>((r) => (timer = setTimeout(() => r(STALLED), stallMs))),
            ])
          : await reader.read()
        clearTimeout(timer)
        if (read === STALLED) break
        const { done, value } = read
        if (done) break
        size += value.length
        if (size > maxBytes) {
          over = true
          chunks.length = 0
          if (size > maxBytes + drainBytes) break
        } else chunks.push(value)
      }
    } catch {
      // The client went away mid-body: nobody is left to answer.
      over = true
    } finally {
      if (over) await reader.cancel().catch(() => {})
    }
    if (over) return tooLarge(c)
    const bytes = new Uint8Array(size)
    let at = 0
    for (const chunk of chunks) {
      bytes.set(chunk, at)
      at += chunk.length
    }
    c.req.raw = new Request(c.req.raw, { body: bytes })
    return next()
  })
}
