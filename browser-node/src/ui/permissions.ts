/**
 * Which buttons the dashboard shows: viewers none; users on what they own (their pods, services and
 * nodes — a shared node is the admins'); admins on everything. The server decides in the end; this
 * only leaves out buttons that could do nothing but fail.
 */
export interface Who {
  role: string | undefined
  /** The signed-in user's id (unknown for an old saved session: the server then decides). */
  id: string | undefined
}

/** Whether this role may press buttons at all (join links, anything of its own). */
export const mayAct = (who: Who) => who.role === 'admin' || who.role === 'user'

/** Whether the signed-in user may change an object with this owner. */
export function mayActOn(who: Who, ownerId: string | null | undefined): boolean {
  if (who.role === 'admin') return true
  if (who.role !== 'user') return false
  if (who.id === undefined) return true
  return ownerId !== null && ownerId !== undefined && ownerId === who.id
}
