/**
 * Who may do what, in one place. Roles come from the server's users table (never from anything
 * a user can edit). Nodes act only through the WebSocket on their own record and pods.
 */
import { forbidden } from '../errors'
import type { PackRecord, PodRecord } from '../store/records'
import type { Principal } from './principal'

export type Action = 'read' | 'write'

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

export function canSeePack(p: Principal, pack: PackRecord): boolean {
  if (p.kind === 'node') return true
  return pack.visibility === 'public' || p.role === 'admin' || p.role === 'viewer' || pack.ownerId === p.id
}

export function canSeePod(p: Principal, pod: PodRecord): boolean {
  if (p.kind === 'node') return pod.nodeId === p.id
  return p.role === 'admin' || p.role === 'viewer' || pod.ownerId === p.id
}

export function assertOwns(p: Principal, ownerId: string | null, what: string): void {
  if (!canAccessOwned(p, ownerId, 'write')) throw forbidden(`you may not change ${what}`)
}
