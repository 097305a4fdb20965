/**
 * What a closed connection means for the agent, decided from the close code alone: reconnect with
 * back-off (the default: passing trouble), register anew as a new node, or stop for good and say why.
 */
import {
  CLOSE_NODE_DELETED,
  CLOSE_REGISTRATION_REFUSED,
  CLOSE_REPLACED,
  CLOSE_UNAUTHORIZED,
  CLOSE_UNKNOWN_NODE,
  type NodeIdentity,
} from './runtime'

export type CloseVerdict =
  | { action: 'reconnect'; forgetIdentity?: false }
  | { action: 'register-anew'; forgetIdentity: true }
  | { action: 'stop'; forgetIdentity: boolean; stopPods: boolean; detail: string; log: string }

export interface CloseContext {
  /** Whether the closed connection was opened with the node token (decides what 4401 means). */
  usingNodeToken: boolean
  identity: NodeIdentity | null
  /** Whether the agent has a credential to register anew with. */
  credential: boolean
}

export function onClose(code: number, reason: string, c: CloseContext): CloseVerdict {
  const stop = (detail: string, log: string, more: { forgetIdentity?: boolean; stopPods?: boolean } = {}): CloseVerdict => ({
    action: 'stop',
    forgetIdentity: more.forgetIdentity ?? false,
    stopPods: more.stopPods ?? false,
    detail: reason || detail,
    log,
  })
  if ((code === CLOSE_UNAUTHORIZED && c.usingNodeToken) || (code === CLOSE_UNKNOWN_NODE && c.identity !== null)) {
    // The server does not know (or no longer trusts) this identity: start over as a new node.
    if (c.credential) return { action: 'register-anew', forgetIdentity: true }
    return stop(
      'node identity refused and no credential to register anew',
      'server refused this node identity and there is no credential to register anew',
      { forgetIdentity: true },
    )
  }
  if (code === CLOSE_REPLACED) {
    // Another agent connected as this node (a copied identity?): two would take turns forever.
    return stop('another agent connected as this node; stopping', 'another agent took over this node identity; not reconnecting')
  }
  if (code === CLOSE_NODE_DELETED) {
    // Deleted by a user: this identity is gone for good. Started again, the agent joins as a new node.
    return stop('this node was deleted', 'this node was deleted on the server; stopping its pods and forgetting its identity', {
      forgetIdentity: true,
      stopPods: true,
    })
  }
  if (code === CLOSE_REGISTRATION_REFUSED) {
    return stop('the server refused to register this node', 'the server refused to register this node; not reconnecting')
  }
  if (code === CLOSE_UNAUTHORIZED && !c.identity?.nodeToken) {
    // The credential was refused. (If this connection had earned a node token meanwhile, that is tried next.)
    return stop('the server refused the credential', 'the server refused the credential; not reconnecting')
  }
  return { action: 'reconnect' }
}
