/**
 * Which node is connected on which socket. Sending to a node goes through here; a newer
 * connection for the same node replaces (and closes) the older one.
 */
import { encode, CLOSE_REPLACED, type PayloadInput } from '@stark/shared'

export interface NodeSocket {
  send(data: string): void
  close(code: number, reason: string): void
}

export type ServerMessageType = 'node:registered' | 'node:left' | 'pod:assign' | 'pod:stop' | 'error'

export function createNodeConnections() {
  const sockets = new Map<string, NodeSocket>()
  return {
    attach(nodeId: string, socket: NodeSocket) {
      const previous = sockets.get(nodeId)
      if (previous && previous !== socket) previous.close(CLOSE_REPLACED, 'replaced by a newer connection of this node')
      sockets.set(nodeId, socket)
    },
    /** Detaches only if `socket` is still the node's current one; returns whether it was. */
    detach(nodeId: string, socket: NodeSocket): boolean {
      if (sockets.get(nodeId) !== socket) return false
      sockets.delete(nodeId)
      return true
    },
    isConnected: (nodeId: string) => sockets.has(nodeId),
    /** Detaches and closes a node's socket (the node was deleted); false when it had none. */
    close(nodeId: string, code: number, reason: string): boolean {
      const socket = sockets.get(nodeId)
      if (!socket) return false
      sockets.delete(nodeId)
      try {
        socket.close(code, reason)
      } catch {
        /* already closing */
      }
      return true
    },
    send<T extends ServerMessageType>(nodeId: string, type: T, payload: PayloadInput<T>): boolean {
      const socket = sockets.get(nodeId)
      if (!socket) return false
      try {
        socket.send(encode(type, payload))
        return true
      } catch {
        return false
      }
    },
    get size() {
      return sockets.size
    },
    closeAll(code: number, reason: string) {
      for (const s of sockets.values()) s.close(code, reason)
      sockets.clear()
    },
  }
}
export type NodeConnections = ReturnType<typeof createNodeConnections>
