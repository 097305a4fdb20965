/**
 * `fetch` that accepts any TLS certificate, for `-k/--insecure` against a server with a
 * self-signed certificate (the global fetch has no per-request switch). Streams the response body
 * (log follow and events use server-sent events), honours the abort signal.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'

const NO_BODY = new Set([101, 204, 205, 304])

export const insecureFetch: typeof fetch = async (input, init) => {
  const req = new Request(input, init)
  const url = new URL(req.url)
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.from(await req.arrayBuffer())
  const headers = Object.fromEntries(req.headers)
  if (body) headers['content-length'] = String(body.length)
  return new Promise<Response>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const outgoing = send(
      url,
      { method: req.method, headers, rejectUnauthorized: false, ...(init?.signal ? { signal: init.signal } : {}) },
      (res: IncomingMessage) => {
        const responseHeaders = new Headers()
        for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
        const status = res.statusCode ?? 502
        const stream = NO_BODY.has(status) || req.method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
        if (!stream) res.resume()
        resolve(new Response(stream, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }))
      },
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}
