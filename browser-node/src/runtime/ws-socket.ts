/**
 * The agent's WebSocket in a page. Browsers cannot set headers on a WebSocket, so the token rides
 * in the subprotocol list (`stark.v1`, `stark.bearer.<token>`), as the server's gateway expects.
 *
 * Liveness: the server pings every few seconds and the browser answers each ping from its network
 * stack, without running page code, so a hidden (throttled) tab still counts as alive. A page
 * cannot see those pings, so a silently dead connection is noticed when the browser reports it
 * (close/error) or when the device goes offline.
 */
import { encodeError, type ConnectSocket } from '@stark/shared'

export const SUBPROTOCOL = 'stark.v1'
export const BEARER_PREFIX = 'stark.bearer.'

/** A token may be sent as a subprotocol only if it is a valid HTTP token (JWTs are). */
const TOKEN_CHARS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/

export interface BrowserSocketOptions {
  WebSocket?: typeof WebSocket
  /** Where `offline`/`online` events come from (the page's window). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

export const connectBrowserSocket: ConnectSocket<BrowserSocketOptions> = (url, token, handlers, options = {}) => {
  const Ws = options.WebSocket ?? WebSocket
  if (!TOKEN_CHARS.test(token)) throw new Error('the token cannot be sent as a WebSocket subprotocol')
  const ws = new Ws(url, [SUBPROTOCOL, BEARER_PREFIX + token])
  let opened = false
  let closed = false
  const events = options.events ?? (typeof window === 'undefined' ? undefined : window)

  const finish = (code: number, reason: string) => {
    if (closed) return
    closed = true
    events?.removeEventListener('offline', onOffline)
    handlers.onClose(code, reason)
  }
  const onOffline = () => {
    ws.close(4000, 'the device went offline')
    finish(1006, 'the device went offline')
  }
  events?.addEventListener('offline', onOffline)

  ws.onopen = () => {
    opened = true
    handlers.onOpen()
  }
  ws.onmessage = (e: MessageEvent) => {
    if (closed) return
    if (typeof e.data !== 'string') {
      ws.send(encodeError('malformed', 'frames must be JSON text'))
      return
    }
    handlers.onMessage(e.data)
  }
  ws.onclose = (e: CloseEvent) => {
    // A refused upgrade (HTTP 401) looks like 1006 before open; the server accepts and closes with
    // 4401 instead, so what arrives here is what it meant.
    finish(e.code === 1006 && !opened ? 1006 : e.code, e.reason || (opened ? '' : 'could not connect'))
  }

  return {
    send(data) {
      if (ws.readyState !== Ws.OPEN) throw new Error('the connection is not open')
      ws.send(data)
    },
    close(code = 1000, reason = '') {
      try {
        ws.close(code === 1000 || (code >= 3000 && code < 5000) ? code : 1000, reason.slice(0, 120))
      } catch {
        ws.close()
      }
    },
  }
}
