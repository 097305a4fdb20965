/**
 * Who may do what, in one place. Roles come from the server's users table (never from anything
 * a user can edit). Two layers, both here:
 *
 * 1. By role and kind of resource (`can`): the matrix below. Every REST route maps to a
 *    (resource, verb) pair in http/middleware/route-policy.ts and every WebSocket message is checked by
 *    `canSendMessage`; a role without the verb gets 403.
 * 2. By object (`canSee*`, `canWrite*`): ownership, visibility, namespaces. Something a caller may
 *    not see is answered 404, exactly as if it did not exist (existence does not leak); something
 *    they may see but not change is answered 403.
 *
 * admin: everything. user: their own packs, pods, services, namespaces and secrets; public packs of
 * others; nodes they own or that are shared. viewer: reads what the cluster runs (pods, nodes,
 * services, events, namespaces, public packs), never secrets, users or private packs; writes
 * nothing. node: its own node record, the pods assigned to it and their bundles — over REST only
 * that, and over the WebSocket only its own reports.
 */
import { forbidden } from '../errors'
import type { NamespaceRecord, NodeRecord, PackRecord, PodRecord } from '../store/records'
import type { Principal } from './principal'

export type Action = 'read' | 'write'
export type Verb = 'read' | 'create' | 'update' | 'delete'
export const resourceKinds = [
  'packs',
  'bundles',
  'pods',
  'services',
  'nodes',
  'jointokens',
  'namespaces',
  'secrets',
  'priorityclasses',
  'events',
  'status',
  'usage',
  'users',
  'settings',
  'self',
] as const
export type ResourceKind = (typeof resourceKinds)[number]

const ALL: readonly Verb[] = ['read', 'create', 'update', 'delete']
const READ: readonly Verb[] = ['read']

/** The role matrix. Object-level rules below narrow it further (own rows, visibility). */
export const ROLE_RULES: Record<Principal['role'], Partial<Record<ResourceKind, readonly Verb[]>>> = {
  admin: Object.fromEntries(resourceKinds.map((k) => [k, ALL])),
  user: {
    packs: ['read', 'create'],
    bundles: READ,
    pods: ALL,
    services: ALL,
    nodes: ['read', 'update', 'delete'],
    jointokens: ['create'],
    namespaces: ['read', 'create', 'delete'],
    secrets: ALL,
    priorityclasses: READ,
    events: READ,
    status: READ,
    usage: READ,
    settings: READ,
    self: ALL,
  },
  viewer: {
    packs: READ,
    bundles: READ,
    pods: READ,
    services: READ,
    nodes: READ,
    namespaces: READ,
    priorityclasses: READ,
    events: READ,
    status: READ,
    usage: READ,
    settings: READ,
    self: ['read', 'delete'],
  },
  node: { bundles: READ, pods: READ, nodes: READ, self: READ },
}

export function can(p: Principal, verb: Verb, kind: ResourceKind): boolean {
  return ROLE_RULES[p.role]?.[kind]?.includes(verb) ?? false
}

export function assertCan(p: Principal, verb: Verb, kind: ResourceKind): void {
  if (!can(p, verb, kind)) throw forbidden(`role ${p.role} may not ${verb} ${kind}`)
}

/** A user may read and write what they own; admins everything; viewers read only. */
export function canAccessOwned(p: Principal, ownerId: string | null, action: Action): boolean {
  if (p.kind !== 'user') return false
  if (p.role === 'admin') return true
  if (p.role === 'viewer') return action === 'read'
  return ownerId === p.id
}

export function assertCanWrite(p: Principal): void {
  if (p.kind !== 'user' || p.role === 'viewer') throw forbidden(`role ${p.role} may not change resources`)
}

/**
 * Packs: public ones for every user, private ones for their owner and admins only (viewers
 * included: a private pack is private). A node sees the packs of pods assigned to it
 * (`canNodeFetchBundle` decides per bundle), never a listing.
 */
export function canSeePack(p: Principal, pack: PackRecord): boolean {
  if (p.kind === 'node') return false
  return pack.visibility === 'public' || p.role === 'admin' || pack.ownerId === p.id
}

export function canSeePod(p: Principal, pod: PodRecord): boolean {
  if (p.kind === 'node') return pod.nodeId === p.id
  return p.role === 'admin' || p.role === 'viewer' || pod.ownerId === p.id
}

/**
 * Where every pod `canSeePod` lets `p` see is found (a list walks only there, `canSeePod` still
 * deciding each one): a node's pods are on it, a user's are its own; admins and viewers see all.
 */
export function podScope(p: Principal): { nodeId: string } | { ownerId: string } | 'all' {
  if (p.kind === 'node') return { nodeId: p.id }
  return p.role === 'admin' || p.role === 'viewer' ? 'all' : { ownerId: p.id }
}

/** Users see the nodes they own and shared ones (no owner); admins and viewers all; a node itself. */
export function canSeeNode(p: Principal, n: NodeRecord): boolean {
  if (p.kind === 'node') return p.id === n.id
  return p.role === 'admin' || p.role === 'viewer' || n.ownerId === p.id || n.ownerId === null
}

export function assertOwns(p: Principal, ownerId: string | null, what: string): void {
  if (!canAccessOwned(p, ownerId, 'write')) throw forbidden(`you may not change ${what}`)
}

/** Namespaces: shared ones (no owner: `default`, `system`) and your own; admins and viewers all. */
export function canSeeNamespace(p: Principal, ns: Pick<NamespaceRecord, 'ownerId'>): boolean {
  if (p.kind !== 'user') return false
  return p.role === 'admin' || p.role === 'viewer' || ns.ownerId === null || ns.ownerId === p.id
}

/**
 * Who may put pods, services and secrets in a namespace: admins anywhere; users in their own and
 * in shared namespaces except `system` (admins only: system packs run on trusted nodes).
 */
export function canUseNamespace(p: Principal, ns: Pick<NamespaceRecord, 'name' | 'ownerId'>): boolean {
  if (p.kind !== 'user' || p.role === 'viewer') return false
  if (p.role === 'admin') return true
  if (ns.name === 'system') return false
  return ns.ownerId === null || ns.ownerId === p.id
}

/** Deleting (and changing) a namespace: its owner or an admin (namespace-ops refuses the shared ones to everyone). */
export function canManageNamespace(p: Principal, ns: Pick<NamespaceRecord, 'ownerId'>): boolean {
  if (p.kind !== 'user' || p.role === 'viewer') return false
  return p.role === 'admin' || (ns.ownerId !== null && ns.ownerId === p.id)
}

/** Audit events (sign-ins, users, secrets, node tokens, nodes joining, cluster settings): admins only. */
export function canReadAudit(p: Principal): boolean {
  return p.kind === 'user' && p.role === 'admin'
}

/** Secrets: their owner and admins only (viewers never: the matrix gives them no secrets at all). */
export function canSeeSecret(p: Principal, secret: { ownerId: string }): boolean {
  return p.kind === 'user' && (p.role === 'admin' || (p.role === 'user' && secret.ownerId === p.id))
}

/** WebSocket messages a principal may send (after decoding; `registered`: this connection did node:register). */
export function canSendMessage(
  p: Principal | { kind: 'join'; role: 'node' },
  type: string,
  registered: boolean,
): { ok: true } | { ok: false; reason: 'forbidden' | 'not-registered'; message: string } {
  switch (type) {
    case 'error':
      return { ok: true }
    case 'node:register':
      if (p.kind === 'join' || p.kind === 'node' || p.role === 'admin' || p.role === 'user') return { ok: true }
      return { ok: false, reason: 'forbidden', message: `role ${p.role} may not register nodes` }
    case 'watch:subscribe':
      if (p.kind === 'user' && can(p, 'read', 'events')) return { ok: true }
      return { ok: false, reason: 'forbidden', message: 'only users watch events' }
    default:
      return registered ? { ok: true } : { ok: false, reason: 'not-registered', message: 'send node:register first' }
  }
}

/**
 * Priorities above this are for admins only: a user's pods could otherwise preempt other users'
 * pods on nodes they share. Admins give important work a priority class above it.
 */
export const USER_PRIORITY_MAX = 500

export function assertMayUsePriority(p: Principal, priority: number): void {
  if (priority > USER_PRIORITY_MAX && p.role !== 'admin') {
    throw forbidden(`priorities above ${USER_PRIORITY_MAX} are for admins (asked for ${priority})`)
  }
}
