/**
 * The agent's WebSocket on Node (the `ws` package): a Bearer token in the upgrade request, close
 * codes passed through (an HTTP 401/403 at the upgrade becomes 4401), and a watchdog that drops a
 * connection on which the server has gone silent, so the agent core reconnects.
 */
import { createRequire } from 'node:module'
import type WsWebSocket from 'ws'
import { CLOSE_UNAUTHORIZED, encodeError, MAX_MESSAGE_BYTES, realClock } from '@stark/shared'
import type { Clock, ConnectSocket, Logger, Timer } from '@stark/shared'

// Required, not imported: as an ES module `ws` goes through its ESM wrapper, and Node scans each
// of the CommonJS modules it imports for their exports (~40 ms of an agent's start on a slow machine).
const { WebSocket } = createRequire(import.meta.url)('ws') as { WebSocket: typeof WsWebSocket }

/** How often the server pings (ms). */
export const SERVER_PING_INTERVAL_MS = 5000

export interface WsSocketOptions {
  /** Accept any TLS certificate (self-signed servers). */
  insecure?: boolean
  /** Silence after which the server counts as gone (default 3 × its 5 s ping interval). */
  deadAfterMs?: number
  clock?: Clock
  log?: Logger
}

/** Close code for a connection this side dropped (as a dead peer looks: abnormal closure). */
export const CLOSE_ABNORMAL = 1006

export const connectWebSocket: ConnectSocket<WsSocketOptions> = (url, token, handlers, options = {}) => {
  const clock = options.clock ?? realClock
  const deadAfterMs = options.deadAfterMs ?? 3 * SERVER_PING_INTERVAL_MS
  const ws = new WebSocket(url, {
    headers: { authorization: `Bearer ${token}` },
    rejectUnauthorized: !options.insecure,
    maxPayload: MAX_MESSAGE_BYTES + 1024,
    handshakeTimeout: 10_000,
  })
  let closed = false
  let watchdog: Timer | undefined
  let why = ''

  const finish = (code: number, reason: string) => {
    if (closed) return
    closed = true
    watchdog?.cancel()
    handlers.onClose(code, reason)
  }
  const arm = () => {
    watchdog?.cancel()
    watchdog = clock.setTimeout(() => {
      why = `no ping or message from the server for ${deadAfterMs} ms`
      options.log?.warn('server went silent; dropping the connection', { deadAfterMs })
      ws.terminate()
    }, deadAfterMs)
  }

  ws.on('open', () => {
    arm()
    handlers.onOpen()
  })
  ws.on('ping', arm)
  ws.on('pong', arm)
  ws.on('message', (data: WsWebSocket.RawData, isBinary: boolean) => {
    arm()
    if (closed) return
    if (isBinary) {
      ws.send(encodeError('malformed', 'frames must be JSON text'))
      return
    }
    handlers.onMessage(textOf(data))
  })
  ws.on('unexpected-response', (req, res) => {
    const status = res.statusCode ?? 0
    res.resume()
    req.destroy()
    const refused = status === 401 || status === 403
    finish(refused ? CLOSE_UNAUTHORIZED : CLOSE_ABNORMAL, `the server answered the upgrade with HTTP ${status}`)
  })
  ws.on('error', (error) => {
    why ||= error.message
  })
  ws.on('close', (code, reason) => finish(code, reason.toString('utf8') || why))

  return {
    send(data) {
      if (ws.readyState !== WebSocket.OPEN) throw new Error('the connection is not open')
      ws.send(data)
    },
    close(code = 1000, reason = '') {
      watchdog?.cancel()
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
      else ws.close(code, reason)
    },
  }
}

const textOf = (data: WsWebSocket.RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8')
