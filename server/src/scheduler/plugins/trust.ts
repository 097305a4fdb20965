import { trustedWithSecrets } from '../../secrets/secret-trust'
import { FIT, type FilterResult, type NodeInfo, type PodToSchedule, type SchedulerPlugin } from '../types'

/** A node owner opts in to running other users' public packs with this label. */
export const ACCEPT_PUBLIC_PACKS_LABEL = 'stark.io/accept-public-packs'

export const SYSTEM_NEEDS_TRUSTED = 'node(s) not trusted for system packs'
export const PRIVATE_FOREIGN_NODE = 'node(s) owned by another user (private pack)'
export const SECRETS_UNTRUSTED = "node(s) not trusted with the pod's secrets"
export const PUBLIC_NOT_ACCEPTED = `node(s) owned by another user, not accepting public packs (${ACCEPT_PUBLIC_PACKS_LABEL}=true)`

/**
 * Ownership and trust (the node's `trusted` flag is set only by admins; labels are the node
 * owner's consent):
 * - packs or pods in the `system` namespace run only on trusted nodes;
 * - any other pod runs on trusted nodes and on nodes of its own owner (or its pack's owner);
 * - a public pack also runs on another user's node that carries `stark.io/accept-public-packs=true`;
 * - a pod with secrets runs only on trusted nodes and nodes of the pod's own owner, whatever the
 *   pack, the labels or the capacity a node advertises (secret injection checks it again).
 */

export function trustFilter(pod: PodToSchedule, info: NodeInfo): FilterResult {
  const { node } = info
  const { pack } = pod
  if (pack.namespace === 'system' || pod.pod.namespace === 'system') {
    return node.trusted ? FIT : { ok: false, reason: SYSTEM_NEEDS_TRUSTED, unresolvable: true }
  }
  if (!trustedWithSecrets(pod.pod, node)) return { ok: false, reason: SECRETS_UNTRUSTED, unresolvable: true }
  if (node.trusted) return FIT
  if (node.ownerId !== null && (node.ownerId === pod.pod.ownerId || node.ownerId === pack.ownerId)) return FIT
  if (pack.visibility === 'public') {
    return node.labels[ACCEPT_PUBLIC_PACKS_LABEL] === 'true'
      ? FIT
      : { ok: false, reason: PUBLIC_NOT_ACCEPTED, unresolvable: true }
  }
  return { ok: false, reason: PRIVATE_FOREIGN_NODE, unresolvable: true }
}

export const trust = { name: 'Trust', filter: trustFilter } satisfies SchedulerPlugin
