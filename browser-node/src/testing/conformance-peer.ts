/**
 * Node side of the browser conformance run: a real HTTP + WebSocket server on 127.0.0.1 that the
 * browser runtime talks to. The protocol peer itself (a FakeServer) runs in the test page; this
 * server relays each agent socket's frames to the page over a control socket, and serves bundles
 * behind a Bearer token, as the real server does. Sessions (`/s/<id>/…`) keep tests apart.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'

export interface ConformancePeer {
  url: string
  close(): Promise<void>
}

type ToPage =
  | { t: 'open'; id: number; token: string }
  | { t: 'frame'; id: number; data: string }
  | { t: 'closed'; id: number; code: number; reason: string }
type FromPage = { t: 'send'; id: number; data: string } | { t: 'close'; id: number; code: number; reason: string }

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
}

export async function startConformancePeer(accept: (token: string) => boolean): Promise<ConformancePeer> {
  const bundles = new Map<string, Buffer>()
  const controls = new Map<string, WebSocket>()
  let nextId = 0

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
    const url = req.url ?? ''
    if (req.method === 'POST' && /^\/s\/[\w-]+\/bundles$/.test(url)) {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const sha256 = createHash('sha256').update(body).digest('hex')
        bundles.set(sha256, body)
        res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ sha256 }))
      })
      return
    }
    const m = /^\/s\/[\w-]+\/api\/bundles\/([0-9a-f]{64})$/.exec(url)
    if (!m) return void res.writeHead(404, cors).end()
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    if (!accept(token)) return void res.writeHead(401, cors).end()
    const body = bundles.get(m[1]!)
    if (!body) return void res.writeHead(404, cors).end()
    res.writeHead(200, { ...cors, 'content-type': 'text/javascript' }).end(body)
  })

  const wss = new WebSocketServer({ noServer: true })
  http.on('upgrade', (req, socket, head) => {
    const control = /^\/s\/([\w-]+)\/control$/.exec(req.url ?? '')
    const agent = /^\/s\/([\w-]+)\/ws$/.exec(req.url ?? '')
    if (!control && !agent) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (control) return void controls.set(control[1]!, ws)
      const page = controls.get(agent![1]!)
      if (!page) return ws.close(1011, 'no test page for this session')
      const id = ++nextId
      const token =
        (req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim())
          .find((p) => p.startsWith('stark.bearer.'))
          ?.slice('stark.bearer.'.length) ?? ''
      const toPage = (m: ToPage) => page.readyState === page.OPEN && page.send(JSON.stringify(m))
      const fromPage = (raw: Buffer) => {
        const m = JSON.parse(raw.toString()) as FromPage
        if (m.id !== id) return
        if (m.t === 'send') ws.send(m.data)
        else ws.close(m.code, m.reason)
      }
      page.on('message', fromPage)
      toPage({ t: 'open', id, token })
      ws.on('message', (data) => toPage({ t: 'frame', id, data: data.toString() }))
      ws.on('close', (code, reason) => {
        page.off('message', fromPage)
        toPage({ t: 'closed', id, code, reason: reason.toString() })
      })
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
