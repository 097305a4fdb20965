import type { NodeRecord, Role, UserRecord } from '../store/records'

/** Who is calling: a signed-in user (with their server-side role) or a node agent. */
export type Principal =
  | { kind: 'user'; id: string; role: Exclude<Role, 'node'>; email: string; sessionId: string; user: UserRecord }
  | { kind: 'node'; id: string; role: 'node'; node: NodeRecord; tokenGeneration?: number }

export const isAdmin = (p: Principal) => p.kind === 'user' && p.role === 'admin'

/**
 * A join token's holder: may register one new node owned by `ownerId`, and do nothing else. Not a
 * `Principal`: REST never accepts join tokens; only the WebSocket's registration does.
 */
export interface JoinPrincipal {
  kind: 'join'
  /** The token's id. */
  id: string
  role: 'node'
  ownerId: string
  expiresAt: number
}
