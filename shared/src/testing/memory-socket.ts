/**
 * An in-memory WebSocket between an agent (AgentSocket + SocketHandlers) and a FakeServer.
 * Every event is delivered asynchronously (a microtask), in order, as a real socket would.
 */
import type { AgentSocket, SocketHandlers } from '../agent/runtime'
import type { FakeServer } from './fake-server'

export interface MemoryLink {
  readonly socket: AgentSocket
  /** Cuts the link as a network failure would: both ends see 1006. */
  drop(): void
  readonly open: boolean
}

/** A connection attempt that fails before opening (server unreachable). */
export function refusedLink(handlers: SocketHandlers, reason = 'connection refused'): MemoryLink {
  queueMicrotask(() => handlers.onClose(1006, reason))
  return { socket: { send() {}, close() {} }, drop() {}, open: false }
}

export function memoryLink(server: FakeServer, token: string, handlers: SocketHandlers): MemoryLink {
  let open = true
  let closeDelivered = false
  const deliverClose = (code: number, reason: string) =>
    queueMicrotask(() => {
      if (closeDelivered) return
      closeDelivered = true
      handlers.onClose(code, reason)
    })

  const endpoint = server.accept(
    {
      send(frame) {
        if (open) queueMicrotask(() => void (!closeDelivered && handlers.onMessage(frame)))
      },
      close(code, reason) {
        if (!open) return
        open = false
        deliverClose(code, reason)
      },
    },
    token,
  )
  // A server that refused the token at once never lets the socket open.
  if (open) queueMicrotask(() => void (open && handlers.onOpen()))

  const shut = (code: number, reason: string) => {
    if (!open) return
    open = false
    queueMicrotask(() => endpoint.closed(code, reason))
    deliverClose(code, reason)
  }

  return {
    socket: {
      send(data) {
        if (open) queueMicrotask(() => endpoint.receive(data))
      },
      close(code = 1000, reason = '') {
        shut(code, reason)
      },
    },
    drop: () => shut(1006, 'connection lost'),
    get open() {
      return open
    },
  }
}
