/**
 * Where secret values leave the server: the `pod:assign` for a pod, on its way to the one node
 * that runs it. Every sender of assignments (scheduler, services, restarts, rollback, node
 * reconciliation) goes through NodeConnections, so wrapping its `send` covers them all.
 * The pod's own `env` wins over a secret key of the same name. The environment stays within what
 * an agent accepts (256 variables); what does not fit is left out, and said so. An assignment of
 * a pod with secrets to a node not trusted with them (secret-trust.ts) is never sent: the
 * scheduler already keeps such pods off such nodes, this holds even if some path did not.
 */
import type { Logger, PayloadInput } from '@stark/shared'
import type { NodeConnections } from '../ws/node-connections'

export const MAX_POD_ENV = 256

export function withSecretEnv(
  connections: NodeConnections,
  envFor: (podId: string) => Record<string, string>,
  log: Logger,
  /** Whether the node may hold the pod's secrets (true for a pod without any). */
  trusted: (podId: string, nodeId: string) => boolean,
): NodeConnections {
  const send: NodeConnections['send'] = (nodeId, type, payload) => {
    if (type !== 'pod:assign') return connections.send(nodeId, type, payload)
    const assign = payload as PayloadInput<'pod:assign'>
    if (!trusted(assign.pod.podId, nodeId)) {
      log.warn('refused to send a pod with secrets to a node not trusted with them', { podId: assign.pod.podId, nodeId })
      return false
    }
    const secret = envFor(assign.pod.podId)
    const keys = Object.keys(secret)
    if (keys.length === 0) return connections.send(nodeId, type, payload)
    const env: Record<string, string> = {}
    const own = assign.pod.env ?? {}
    let room = MAX_POD_ENV - Object.keys(own).length
    for (const k of keys) {
      if (k in own) continue
      if (room-- <= 0) {
        log.warn('a pod’s secrets do not fit its environment; some keys left out', { podId: assign.pod.podId })
        break
      }
      env[k] = secret[k]!
    }
    return connections.send(nodeId, 'pod:assign', { pod: { ...assign.pod, env: { ...env, ...own } } })
  }
  return new Proxy(connections, { get: (target, key, receiver) => (key === 'send' ? send : Reflect.get(target, key, receiver)) })
}
