/**
 * Messages for nodes connected to another server. Every server holds some of the nodes' sockets;
 * a message for a node this server does not hold is published on `stark_relay`, and the server
 * holding the node's socket delivers it. A `pod:assign` travels as the pod's id alone: the holder
 * builds the assignment from its own memory (its change feed has applied the binding first) and adds
 * the secrets there, so no secret value and no large payload goes through the database.
 */
import type { Logger, PayloadInput } from '@stark/shared'
import type { NodeConnections, ServerMessageType } from '../ws/node-connections'
import type { RelayMessage } from './change-feed'

export interface RelayDeps {
  /** Publishes a relay message to the other servers. */
  publish(message: RelayMessage): Promise<void>
  origin: string
  log: Logger
}

/** Wraps this server's connections: what is not held here is relayed. */
export function withRelay(local: NodeConnections, deps: RelayDeps): NodeConnections {
  const publish = (m: Omit<RelayMessage, 'o'>) =>
    void deps
      .publish({ ...m, o: deps.origin })
      .catch((error) =>
        deps.log.warn('could not relay a message to a node held by another server', { nodeId: m.n, error: String(error) }),
      )
  const send: NodeConnections['send'] = (nodeId, type, payload) => {
    if (local.isConnected(nodeId)) return local.send(nodeId, type, payload)
    if (type === 'pod:assign') {
      deps.log.debug('relaying pod:assign', { nodeId, podId: (payload as PayloadInput<'pod:assign'>).pod.podId })
      publish({ n: nodeId, kind: 'send', type, payload: { podId: (payload as PayloadInput<'pod:assign'>).pod.podId } })
      return true
    }
    if (type === 'pod:stop') {
      publish({ n: nodeId, kind: 'send', type, payload })
      return true
    }
    return false // replies to a node's own socket are never relayed
  }
  const close: NodeConnections['close'] = (nodeId, code, reason) => {
    if (local.isConnected(nodeId)) return local.close(nodeId, code, reason)
    publish({ n: nodeId, kind: 'close', code, reason })
    return true
  }
  return new Proxy(local, {
    get: (target, key, receiver) => (key === 'send' ? send : key === 'close' ? close : Reflect.get(target, key, receiver)),
  })
}

export interface DeliverDeps {
  connections: NodeConnections
  /** The assignment of a pod as this server knows it, or null when it is not bound to that node. */
  assignment(podId: string, nodeId: string): PayloadInput<'pod:assign'>['pod'] | null
  log: Logger
}

/** Delivers a relayed message when this server holds the node's socket; ignores it otherwise. */
export function deliverRelayed(deps: DeliverDeps, m: RelayMessage): boolean {
  const { connections } = deps
  if (!connections.isConnected(m.n)) return false
  if (m.kind === 'close') return connections.close(m.n, m.code ?? 1000, m.reason ?? '')
  if (m.type === 'pod:assign') {
    const podId = (m.payload as { podId?: unknown } | undefined)?.podId
    if (typeof podId !== 'string') return false
    const pod = deps.assignment(podId, m.n)
    if (!pod) {
      deps.log.warn('a relayed pod:assign names a pod not bound to that node here', { podId, nodeId: m.n })
      return false
    }
    deps.log.debug('delivering a relayed pod:assign', { podId, nodeId: m.n })
    return connections.send(m.n, 'pod:assign', { pod })
  }
  if (m.type === 'pod:stop') {
    return connections.send(m.n, 'pod:stop', m.payload as PayloadInput<'pod:stop'>)
  }
  return false
}

export type { ServerMessageType }
