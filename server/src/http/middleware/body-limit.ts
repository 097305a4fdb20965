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
/** The most of a declared body read before the route asks for it (a Node readable stream's default buffer). */
const EAGER_BYTES = 16 * 1024

/** The request as Node's HTTP server read it (@hono/node-server's `env.incoming`), when there is one. */
interface NodeIncoming extends AsyncIterable<Buffer> {
  rawBody?: Buffer
}

function nodeIncoming(env: unknown): NodeIncoming | undefined {
  const incoming = (env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming
  return typeof incoming?.[Symbol.asyncIterator] === 'function' ? (incoming as NodeIncoming) : undefined
}

export function bodyLimit(options: BodyLimitOptions) {
  const { maxBytes } = options
  const drainBytes = options.drainBytes ?? Math.max(4 * maxBytes, 64 * 1024 * 1024)
  const stallMs = options.stallMs ?? 3000
  const tooLarge = (c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0]) =>
    problem(c, 413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`, { headers: { connection: 'close' } })

  return createMiddleware<AppEnv>(async function bodyLimit(c, next) {
    // The headers, read once (on Node's server without building the web Request behind Hono's light one).
    const chunked = c.req.raw.headers.has('transfer-encoding')
    const length = chunked ? null : c.req.raw.headers.get('content-length')
    const declared = length === null ? undefined : Number.parseInt(length, 10)
    const incoming = nodeIncoming(c.env)
    if (incoming) {
      // Neither header: no body (RFC 9112, 6.3). Asking for it would only build that web Request,
      // and a web stream over the request, for nothing.
      if (declared === undefined && !chunked) return next()
      // A small declared body (an API call's JSON) is read here from Node's stream (its parser
      // delivers no more than declared) and handed on as `bodyBytes`, which the JSON checks parse;
      // a web Request is built over these bytes (`rawBody`, which @hono/node-server takes instead
      // of streaming the request) only if something still asks for it. Only up to what Node's
      // stream buffers of a request anyway: this runs before authentication, and a larger body
      // waits unread until a handler asks for it.
      if (declared !== undefined && declared <= Math.min(maxBytes, EAGER_BYTES)) {
        const chunks: Buffer[] = []
        try {
          for await (const chunk of incoming) chunks.push(chunk)
        } catch {
          return problem(c, 400, 'bad_request', 'the request body ended before its declared length')
        }
        incoming.rawBody = Buffer.concat(chunks)
        c.set('bodyBytes', incoming.rawBody)
        return next()
      }
    }
    const body = c.req.raw.body
    if (!body) return next()
    if (declared !== undefined && declared <= maxBytes) return next()
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    let over = declared !== undefined && declared > maxBytes
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
