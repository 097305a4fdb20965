/**
 * Join tokens: short-lived, single-purpose credentials for turning a device into a node (a join
 * link or QR code). One lets its holder register exactly one new node, owned by the user who
 * created it, over the WebSocket — and nothing else: REST refuses it, and a connection that
 * authenticated with it may not watch events. A used token is recorded in the database until it
 * expires, so it stays used across restarts and between servers.
 *
 * Wiring (server.ts): the gateway gets `authenticate` and `nodes` from here; REST keeps the plain
 * `auth.authenticate`, which never accepts a join token.
 */
import { randomUUID } from 'node:crypto'
import type { Clock, Logger } from '@stark/shared'
import { conflict, forbidden } from '../errors'
import type { NodeOps } from '../nodes/node-ops'
import type { ClusterState } from '../state/cluster-state'
import { settingsRepo } from '../store/settings'
import type { WriteQueue } from '../state/write-queue'
import type { AuthOps, Authentication } from './auth-ops'
import type { JoinPrincipal, Principal } from './principal'
import type { TokenIssuer } from './tokens'

export const DEFAULT_JOIN_TTL_SECONDS = 30 * 60
export const MAX_JOIN_TTL_SECONDS = 7 * 86_400

export interface JoinTokensDeps {
  auth: AuthOps
  tokens: TokenIssuer
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  newId?: () => string
}

export function createJoinTokens(deps: JoinTokensDeps) {
  const { state, clock } = deps
  const newId = deps.newId ?? randomUUID
  const claimKey = (tokenId: string) => `join-token-used:${tokenId}`

  return {
    /** A join token for `user` (who must be allowed to own nodes). */
    async issue(
      user: Principal,
      ttlSeconds = DEFAULT_JOIN_TTL_SECONDS,
    ): Promise<{ token: string; tokenId: string; expiresAt: number }> {
      if (user.kind !== 'user' || user.role === 'viewer') throw forbidden(`role ${user.role} may not add nodes`)
      const tokenId = newId()
      const signed = await deps.tokens.signJoin({ userId: user.id, tokenId, ttlSeconds })
      await deps.writes.run((tx) =>
        tx.event({
          type: 'JoinTokenCreated',
          category: 'auth',
          resourceType: 'user',
          resourceId: user.id,
          resourceName: user.email,
          ownerId: user.id,
          actorId: user.id,
          message: `join token ${tokenId.slice(0, 8)} created, valid until ${new Date(signed.expiresAt).toISOString()}`,
        }),
      )
      return { ...signed, tokenId }
    },

    /** What the WebSocket gateway authenticates with: user and node tokens, and join tokens. */
    authenticate(token: string | undefined): Promise<Authentication> {
      // The gateway lets only users watch and only `register` (wrapped below) sees a join principal.
      return deps.auth.authenticateNodeCredential(token) as Promise<Authentication>
    },

    /** `nodes` with a registration that honours join principals; everything else passes through. */
    nodes(nodes: NodeOps): NodeOps {
      return {
        ...nodes,
        async register(principal, p, socket, reply) {
          const join = principal as Principal | JoinPrincipal
          if (join.kind !== 'join') return nodes.register(principal, p, socket, reply)
          if (p.nodeId) throw forbidden('a join token only registers a new node; a known node connects with its own token')
          if (state.nodeByName(p.name)) throw conflict(`node name "${p.name}" is taken; pick another`)
          const owner = state.users.get(join.ownerId)
          if (!owner || owner.disabled || owner.role === 'viewer' || owner.role === 'node')
            throw forbidden('the user who created this join token may not add nodes')
          const claimed = await deps.writes.run((tx) =>
            settingsRepo.claim(tx.sql, claimKey(join.id), join.expiresAt, clock.now()),
          )
          if (!claimed) throw forbidden('this join token was already used; create a new one (stark node token create)')
          try {
            const asOwner: Principal = {
              kind: 'user',
              id: owner.id,
              role: owner.role,
              email: owner.email,
              sessionId: `join:${join.id}`,
              user: owner,
            }
            const registered = await nodes.register(asOwner, p, socket, reply)
            deps.log.info('node joined with a join token', { nodeId: registered.nodeId, tokenId: join.id, ownerId: owner.id })
            return registered
          } catch (error) {
            await deps.writes.run((tx) => settingsRepo.release(tx.sql, claimKey(join.id))).catch(() => {})
            throw error
          }
        },
      }
    },
  }
}
export type JoinTokens = ReturnType<typeof createJoinTokens>
