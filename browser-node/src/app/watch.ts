/**
 * Live cluster events for the dashboard: a user's WebSocket (token in the subprotocol) that sends
 * `watch:subscribe` and receives `watch:event`, reconnecting with a growing delay.
 */
import { decode, encode, type WatchEventView } from '@stark/shared'
import { BEARER_PREFIX, SUBPROTOCOL } from '../runtime/ws-socket'

export interface Watch {
  close(): void
}

export function watchEvents(
  serverUrl: string,
  token: () => Promise<string | undefined>,
  on: { event(e: WatchEventView): void; status(connected: boolean): void },
): Watch {
  let ws: WebSocket | undefined
  let closed = false
  let delay = 500
  let timer: ReturnType<typeof setTimeout> | undefined

  async function open() {
    const t = await token().catch(() => undefined)
    if (closed || !t) return
    ws = new WebSocket(serverUrl.replace(/^http/, 'ws') + '/ws', [SUBPROTOCOL, BEARER_PREFIX + t])
    ws.onopen = () => {
      delay = 500
      ws?.send(encode('watch:subscribe', { topics: ['*'] }, { id: 'watch' }))
      on.status(true)
    }
    ws.onmessage = (e) => {
      const m = decode(String(e.data), 'server→agent')
      if (m.ok && m.value.type === 'watch:event') on.event(m.value.payload.event)
    }
    ws.onclose = () => {
      on.status(false)
      if (closed) return
      timer = setTimeout(() => void open(), delay)
      delay = Math.min(delay * 2, 15_000)
    }
  }
  void open()
  return {
    close() {
      closed = true
      clearTimeout(timer)
      ws?.close()
    },
  }
}
