import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SocketHandlers } from '@stark/shared'
import { fakeClock, deferred } from '@stark/shared/testing'
import { connectWebSocket } from './ws-socket'

/** A bare ws server: records upgrades, refuses with an HTTP status when told, never pings. */
let http: Server
let wss: WebSocketServer
let url: string
let refuseWith: number | undefined
let upgrades: IncomingMessage[]
let serverSide: Promise<WebSocket>

beforeEach(async () => {
  refuseWith = undefined
  upgrades = []
  http = createServer()
  wss = new WebSocketServer({ noServer: true })
  let accepted = deferred<WebSocket>()
  serverSide = accepted.promise
  http.on('upgrade', (req, socket, head) => {
    upgrades.push(req)
    if (refuseWith) return void socket.end(`HTTP/1.1 ${refuseWith} Refused\r\n\r\n`)
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted.resolve(ws)
      accepted = deferred<WebSocket>()
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`
})
afterEach(async () => {
  for (const c of wss.clients) c.terminate()
  wss.close()
  http.closeAllConnections()
  await new Promise<void>((r) => http.close(() => r()))
})

function recorder() {
  const opened = deferred()
  const closed = deferred<{ code: number; reason: string }>()
  const messages: string[] = []
  let onMessage: ((m: string) => void) | undefined
  const handlers: SocketHandlers = {
    onOpen: () => opened.resolve(),
    onMessage: (m) => {
      messages.push(m)
      onMessage?.(m)
    },
    onClose: (code, reason) => closed.resolve({ code, reason }),
  }
  const nextMessage = () => new Promise<string>((r) => (onMessage = r))
  return { handlers, opened: opened.promise, closed: closed.promise, messages, nextMessage }
}

const received = (ws: WebSocket) => new Promise<string>((r) => ws.once('message', (d) => r(d.toString())))

describe('ws socket', () => {
  it('connects with the Bearer token and carries text frames both ways', async () => {
    const rec = recorder()
    const socket = connectWebSocket(url, 'tok-1', rec.handlers)
    await rec.opened
    const server = await serverSide
    expect(upgrades[0]!.headers.authorization).toBe('Bearer tok-1')
    const got = received(server)
    socket.send('{"type":"node:heartbeat"}')
    expect(await got).toBe('{"type":"node:heartbeat"}')
    const next = rec.nextMessage()
    server.send('{"type":"pod:stop"}')
    expect(await next).toBe('{"type":"pod:stop"}')
    socket.close(1000, 'bye')
    expect(await rec.closed).toEqual({ code: 1000, reason: 'bye' })
  })

  it('passes the server’s close code and reason on, once', async () => {
    const rec = recorder()
    let closes = 0
    connectWebSocket(url, 't', { ...rec.handlers, onClose: (c, r) => (closes++, rec.handlers.onClose(c, r)) })
    await rec.opened
    ;(await serverSide).close(4404, 'unknown node')
    expect(await rec.closed).toEqual({ code: 4404, reason: 'unknown node' })
    expect(closes).toBe(1)
  })

  it('turns an HTTP 401 at the upgrade into close code 4401', async () => {
    refuseWith = 401
    const rec = recorder()
    connectWebSocket(url, 'bad', rec.handlers)
    expect(await rec.closed).toEqual({ code: 4401, reason: expect.stringMatching(/HTTP 401/) })
  })

  it('reports an unreachable server as an abnormal closure', async () => {
    const rec = recorder()
    connectWebSocket('ws://127.0.0.1:1/ws', 't', rec.handlers)
    expect(await rec.closed).toEqual({ code: 1006, reason: expect.stringMatching(/ECONNREFUSED/) })
  })

  it('answers a binary frame with a protocol error instead of passing it on', async () => {
    const rec = recorder()
    connectWebSocket(url, 't', rec.handlers)
    await rec.opened
    const server = await serverSide
    const reply = received(server)
    server.send(Buffer.from('{"type":"pod:stop"}'), { binary: true })
    expect(JSON.parse(await reply)).toMatchObject({ type: 'error', payload: { code: 'malformed' } })
    expect(rec.messages).toEqual([])
  })

  it('refuses to send once the connection is closed', async () => {
    const rec = recorder()
    const socket = connectWebSocket(url, 't', rec.handlers)
    await rec.opened
    ;(await serverSide).close(1000)
    await rec.closed
    expect(() => socket.send('x')).toThrow(/not open/)
  })

  it('drops a connection on which the server stays silent, and lets pings keep it alive', async () => {
    const clock = fakeClock()
    const rec = recorder()
    const socket = connectWebSocket(url, 't', rec.handlers, { clock, deadAfterMs: 15_000 })
    await rec.opened
    const server = await serverSide
    const alive = async () => {
      const got = received(server)
      socket.send('still here?')
      return got
    }
    await clock.advance(14_999)
    expect(await alive()).toBe('still here?')
    // A ping resets the watchdog (the automatic pong tells us the client has seen it).
    const pong = new Promise((r) => server.once('pong', r))
    server.ping()
    await pong
    await clock.advance(14_999)
    expect(await alive()).toBe('still here?')
    await clock.advance(1)
    expect(await rec.closed).toEqual({
      code: 1006,
      reason: expect.stringMatching(/no ping or message from the server for 15000 ms/),
    })
  })
})
