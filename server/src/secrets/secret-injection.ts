/**
 * Where secret values leave the server: the `pod:assign` for a pod, on its way to the one node
 * that runs it. Every sender of assignments (scheduler, services, restarts, rollback, node
 * reconciliation) goes through NodeConnections, so wrapping its `send` covers them all.
 * The pod's own `env` wins over a secret key of the same name. The environment stays within what
 * an agent accepts (256 variables); what does not fit is left out, and said so.
 */
import type { Logger, PayloadInput } from '@stark/shared'
import type { NodeConnections } from '../ws/node-connections'

export const MAX_POD_ENV = 256

export function withSecretEnv(connections: NodeConnections, envFor: (podId: string) => Record<string, string>, log: Logger): NodeConnections {
  const send: NodeConnections['send'] = (nodeId, type, payload) => {
    if (type !== 'pod:assign') return connections.send(nodeId, type, payload)
    const assign = payload as PayloadInput<'pod:assign'>
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
