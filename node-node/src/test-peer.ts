/**
 * For tests: a real HTTP + WebSocket server on 127.0.0.1 that plays the Stark server's part for an
 * agent — `/ws` speaks the protocol through a FakeServer from @stark/shared/testing, and
 * `/api/bundles/<sha256>` serves bundles — both behind a Bearer token, like the real one.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { createFakeServer, type FakeServer, type FakeServerOptions } from '@stark/shared/testing'

export interface TestPeerOptions extends FakeServerOptions {
  /** Tokens accepted for bundle downloads and the WebSocket (default: any non-empty token). */
  acceptToken?: (token: string) => boolean
  /** Ping every so often, as the real server does (default: never). */
  pingIntervalMs?: number
}

export interface TestPeer {
  serverUrl: string
  server: FakeServer
  /** Serves ES module source text; the url is under /api/bundles/. */
  serveBundle(source: string): { sha256: string; url: string }
  /** Bundle downloads so far, by sha256. */
  readonly downloads: string[]
  /** Every WebSocket the peer accepted, newest last. */
  readonly sockets: readonly WebSocket[]
  close(): Promise<void>
}

const bearer = (req: IncomingMessage) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''

export async function startTestPeer(options: TestPeerOptions = {}): Promise<TestPeer> {
  const accept = options.acceptToken ?? ((t: string) => t.length > 0)
  const server = createFakeServer(options)
  const bundles = new Map<string, Buffer>()
  const downloads: string[] = []
  const sockets: WebSocket[] = []

  const http = createServer((req, res) => {
    const m = /^\/api\/bundles\/([0-9a-f]{64})$/.exec(req.url ?? '')
    if (!m) return void res.writeHead(404).end()
    if (!accept(bearer(req))) return void res.writeHead(401).end()
    const body = bundles.get(m[1]!)
    if (!body) return void res.writeHead(404).end()
    downloads.push(m[1]!)
    res.writeHead(200, { 'content-type': 'text/javascript', 'content-length': body.byteLength }).end(body)
  })
  const wss = new WebSocketServer({ noServer: true })
  http.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ws') return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
    const token = bearer(req)
    if (!accept(token)) return void socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.push(ws)
      const endpoint = server.accept({ send: (f) => ws.send(f), close: (code, reason) => ws.close(code, reason) }, token)
      ws.on('message', (data, isBinary) => endpoint.receive(isBinary ? data : data.toString()))
      ws.on('close', (code, reason) => endpoint.closed(code, reason.toString()))
      if (options.pingIntervalMs) {
        const timer = setInterval(() => ws.ping(), options.pingIntervalMs)
        ws.on('close', () => clearInterval(timer))
      }
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`

  return {
    serverUrl,
    server,
    downloads,
    sockets,
    serveBundle(source) {
      const body = Buffer.from(source, 'utf8')
      const sha256 = createHash('sha256').update(body).digest('hex')
      bundles.set(sha256, body)
      return { sha256, url: `${serverUrl}/api/bundles/${sha256}` }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
