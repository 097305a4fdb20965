/**
 * A GET that accepts any TLS certificate, for `--insecure` against a server with a self-signed
 * certificate (the global fetch has no per-request switch for that).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { FetchLike } from './bundle-cache'

export const insecureFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url)
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest
    const req = request(target, { headers: init.headers, rejectUnauthorized: false }, (res) => {
      const body = readBody(res)
      body.catch(() => {}) // read or not, a failed body must not become an unhandled rejection
      const status = res.statusCode ?? 0
      resolve({
        ok: status >= 200 && status < 300,
        status,
        headers: {
          get(name) {
            const value = res.headers[name.toLowerCase()]
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value)
          },
        },
        arrayBuffer: () => body,
      })
    })
    req.on('error', reject)
    req.end()
  })

function readBody(res: IncomingMessage): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('error', reject)
    res.on('end', () => {
      const all = Buffer.concat(chunks)
      resolve(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer)
    })
  })
}
