/**
 * What a node may say about itself. A node owner's agent is not trusted: the labels and taints
 * under Stark's reserved prefix are an admin's to set (a few describe the device and stay open),
 * the capacity a node registered with first is a ceiling only an admin raises, and usage figures
 * far beyond what the node has are dropped.
 */
import { DEVICE_LABEL_KEYS, type Labels, type Resources, type Taint } from '@stark/shared'
import type { Principal } from '../auth/principal'
import type { ClusterState } from '../state/cluster-state'

/** Reserved keys an agent or node owner may set: they describe the device or are the owner's consent. */
export const OWNER_SETTABLE_LABELS: ReadonlySet<string> = new Set([
  'stark.io/accept-public-packs',
  'stark.io/browser',
  'stark.io/platform',
  'stark.io/form-factor',
  'stark.io/fleet-node',
  ...DEVICE_LABEL_KEYS,
])

/** A usage figure above this many times the node's allocatable is absurd and dropped. */
export const USAGE_ABSURD_FACTOR = 4

/** `stark.io/x` and `<sub>.stark.io/x` are reserved. */
export function isReservedKey(key: string): boolean {
  const slash = key.indexOf('/')
  if (slash < 0) return false
  const prefix = key.slice(0, slash).toLowerCase()
  return prefix === 'stark.io' || prefix.endsWith('.stark.io')
}

/** Reserved label and taint keys in what a non-admin asks to set (empty: none). */
export function reservedKeysIn(labels: Labels | undefined, taints: readonly Taint[] | undefined): string[] {
  const keys = [
    ...Object.keys(labels ?? {}).filter((k) => isReservedKey(k) && !OWNER_SETTABLE_LABELS.has(k)),
    ...(taints ?? []).map((t) => t.key).filter(isReservedKey),
  ]
  return [...new Set(keys)]
}

/** An admin, or a node registered by one. */
export function actsAsAdmin(state: ClusterState, principal: Principal): boolean {
  if (principal.kind === 'user') return principal.role === 'admin'
  return state.users.get(principal.node.ownerId ?? '')?.role === 'admin'
}

/** A re-registration may lower each figure; raising one above what the node had needs an admin. */
export function cappedAllocatable(registered: Resources, reported: Resources): Resources {
  return {
    cpu: Math.min(registered.cpu, reported.cpu),
    memory: Math.min(registered.memory, reported.memory),
    pods: Math.min(registered.pods, reported.pods),
  }
}

/** Whether a pod's reported usage is believable on a node with this allocatable. */
export function plausibleUsage(allocatable: Resources, u: { cpu: number; memory: number }): boolean {
  const ok = (v: number, max: number) => Number.isFinite(v) && v >= 0 && v <= Math.max(max, 1) * USAGE_ABSURD_FACTOR
  return ok(u.cpu, allocatable.cpu) && ok(u.memory, allocatable.memory)
}
