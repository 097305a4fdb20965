/**
 * Sign-up of the first admin, login, refresh, logout and token checks. Users and sessions are
 * cached in memory (loaded at start, updated after each commit) so checking a token costs no query.
 */
import type { Clock } from '@stark/shared'
import { conflict, StarkError, unauthorized } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { Role, SessionRecord, UserRecord } from '../store/records'
import { sessionsRepo, usersRepo } from '../store/users'
import { nodeTokensRepo } from '../store/node-tokens'
import type { LoginThrottle } from './login-throttle'
import type { PasswordPolicy } from './password-policy'
import { hashPassword, verifyPassword } from './passwords'
import type { JoinPrincipal, Principal } from './principal'
import { newOpaqueToken, sha256, type TokenIssuer } from './tokens'

export interface IssuedTokens {
  accessToken: string
  refreshToken: string
  expiresAt: number
}

/** `expiresAt` (ms): when the credential presented stops being valid (a WebSocket closes then). */
export type Authentication =
  | { ok: true; principal: Principal; expiresAt?: number }
  | { ok: false; reason: 'invalid' | 'unknown-node' | 'revoked' }

export interface AuthOpsDeps {
  queue: WriteQueue
  state: ClusterState
  tokens: TokenIssuer
  clock: Clock
  sessions: SessionRecord[]
  /** Node token generations at start (nodeId → generation; absent means 0). */
  nodeTokenGenerations: Map<string, number>
  passwords: PasswordPolicy
  loginThrottle: LoginThrottle
}

const normalizeEmail = (email: string) => email.trim().toLowerCase()

export function createAuthOps(deps: AuthOpsDeps) {
  const { queue, state, tokens, clock } = deps
  const sessions = new Map(deps.sessions.map((s) => [s.id, s]))
  const generations = deps.nodeTokenGenerations
  /** Called after anything that may end a principal's standing (disable, role change, logout, token rotation). */
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const fn of [...listeners]) fn()
  }
  /** A node stands while it exists, its owner (if any) is enabled, and the token is of its current generation. */
  const nodeStands = (nodeId: string, generation: number | undefined) => {
    const node = state.nodes.get(nodeId)
    if (!node) return false
    if (node.ownerId) {
      const owner = state.users.get(node.ownerId)
      if (!owner || owner.disabled) return false
    }
    return generation === undefined || generation === (generations.get(nodeId) ?? 0)
  }
  const putUser = (u: UserRecord) => state.users.set(u.id, u)
  const findByEmail = (email: string) => [...state.users.values()].find((u) => u.email === email)

  async function issue(user: UserRecord, sessionId?: string): Promise<IssuedTokens> {
    const secret = newOpaqueToken()
    const refreshExpires = clock.now() + tokens.ttls.refreshSeconds * 1000
    const session = await queue.run(async (tx) => {
      if (sessionId) {
        await sessionsRepo.rotate(tx.sql, sessionId, sha256(secret), refreshExpires)
        const prev = sessions.get(sessionId)!
        const next = { ...prev, refreshHash: sha256(secret), expiresAt: refreshExpires }
        tx.after(() => sessions.set(next.id, next))
        return next
      }
      const created = await sessionsRepo.insert(tx.sql, {
        userId: user.id,
        refreshHash: sha256(secret),
        expiresAt: refreshExpires,
      })
      tx.after(() => sessions.set(created.id, created))
      return created
    })
    const access = await tokens.signAccess({ userId: user.id, sessionId: session.id, role: user.role, email: user.email })
    return { accessToken: access.token, refreshToken: `${session.id}.${secret}`, expiresAt: access.expiresAt }
  }

  /** An audit event for a sign-in (a failure must not turn into another error: it is best effort). */
  async function recordLogin(
    type: 'LoginSucceeded' | 'LoginFailed',
    email: string,
    user: UserRecord | undefined,
    message: string,
  ) {
    await queue
      .run((tx) =>
        tx.event({
          type,
          category: 'auth',
          severity: type === 'LoginFailed' ? 'warning' : 'info',
          resourceType: 'user',
          ...(user ? { resourceId: user.id } : {}),
          resourceName: email.slice(0, 254),
          ownerId: user?.id ?? null,
          actorId: user?.id ?? null,
          message,
        }),
      )
      .catch(() => {})
  }

  return {
    /** True until the first user exists. */
    needsSetup: () => state.users.size === 0,

    /**
     * What another server changed, read back (the change feed): the active sessions, the node
     * token generations, or only a note that users changed. Streams whose standing ended close.
     */
    reloaded(changes: { sessions?: readonly SessionRecord[]; generations?: ReadonlyMap<string, number> }): void {
      if (changes.sessions) {
        const active = new Map(changes.sessions.map((s) => [s.id, s]))
        for (const id of [...sessions.keys()]) if (!active.has(id)) sessions.delete(id)
        for (const [id, s] of active) sessions.set(id, s)
      }
      if (changes.generations) {
        for (const id of [...generations.keys()]) if (!changes.generations.has(id)) generations.delete(id)
        for (const [id, g] of changes.generations) generations.set(id, g)
      }
      changed()
    },

    /** Creates the first admin; refused once any user exists. */
    async setup(email: string, password: string): Promise<{ user: UserRecord } & IssuedTokens> {
      deps.passwords.check(password)
      const passwordHash = await hashPassword(password)
      const user = await queue.run(async (tx) => {
        if (state.users.size > 0) throw conflict('setup is done: an admin already exists; log in instead')
        const created = await usersRepo.insertFirst(tx.sql, { email: normalizeEmail(email), passwordHash, role: 'admin' })
        if (!created) throw conflict('setup is done: an admin already exists; log in instead')
        tx.event({
          type: 'UserCreated',
          category: 'auth',
          resourceType: 'user',
          resourceId: created.id,
          resourceName: created.email,
          actorId: created.id,
          message: 'first admin created by setup',
        })
        tx.after(() => putUser(created))
        return created
      })
      return { user, ...(await issue(user)) }
    },

    async register(email: string, password: string, role: Exclude<Role, 'node'>, actorId: string | null): Promise<UserRecord> {
      const normalized = normalizeEmail(email)
      deps.passwords.check(password)
      const passwordHash = await hashPassword(password)
      return queue.run(async (tx) => {
        if (findByEmail(normalized)) throw conflict(`a user with email ${normalized} already exists`)
        const created = await usersRepo.insert(tx.sql, { email: normalized, passwordHash, role })
        tx.event({
          type: 'UserCreated',
          category: 'auth',
          resourceType: 'user',
          resourceId: created.id,
          resourceName: created.email,
          actorId,
          message: `user created with role ${role}`,
        })
        tx.after(() => putUser(created))
        return created
      })
    },

    async updateUser(id: string, patch: { role?: Role; disabled?: boolean }, actorId: string): Promise<UserRecord> {
      return queue.run(async (tx) => {
        const updated = await usersRepo.update(tx.sql, id, patch)
        if (!updated) throw new StarkError('not_found', 'user not found')
        const bumped: [string, number][] = []
        if (patch.disabled) {
          await sessionsRepo.revokeForUser(tx.sql, id, tx.now)
          // The user's nodes' tokens end too: re-enabling the user does not bring them back.
          for (const node of state.nodes.values())
            if (node.ownerId === id) bumped.push([node.id, await nodeTokensRepo.bump(tx.sql, node.id)])
        }
        tx.event({
          type: 'UserUpdated',
          category: 'auth',
          resourceType: 'user',
          resourceId: id,
          resourceName: updated.email,
          actorId,
          message: JSON.stringify(patch),
        })
        tx.after(() => {
          putUser(updated)
          if (patch.disabled) for (const s of sessions.values()) if (s.userId === id) s.revokedAt = tx.now
          for (const [nodeId, generation] of bumped) generations.set(nodeId, generation)
          changed()
        })
        return updated
      })
    },

    async login(email: string, password: string): Promise<{ user: UserRecord } & IssuedTokens> {
      const account = normalizeEmail(email)
      deps.loginThrottle.check(account)
      const user = findByEmail(account)
      // Hash even for unknown users so timing does not reveal which emails exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA')
      if (!user || !valid) {
        deps.loginThrottle.fail(account)
        await recordLogin('LoginFailed', account, user, 'wrong email or password')
        throw unauthorized('wrong email or password')
      }
      if (user.disabled) {
        await recordLogin('LoginFailed', user.email, user, 'the account is disabled')
        throw unauthorized('this account is disabled')
      }
      deps.loginThrottle.succeed(account)
      const issued = await issue(user)
      await recordLogin('LoginSucceeded', user.email, user, 'signed in with a password')
      return { user, ...issued }
    },

    async refresh(refreshToken: string): Promise<IssuedTokens> {
      const [sessionId, secret] = refreshToken.split('.')
      const session = sessionId ? sessions.get(sessionId) : undefined
      if (
        !session ||
        !secret ||
        session.revokedAt !== null ||
        session.expiresAt <= clock.now() ||
        session.refreshHash !== sha256(secret)
      ) {
        throw unauthorized('refresh token is invalid or expired; log in again')
      }
      const user = state.users.get(session.userId)
      if (!user || user.disabled) throw unauthorized('this account is disabled')
      return issue(user, session.id)
    },

    async logout(sessionId: string): Promise<void> {
      await queue.run(async (tx) => {
        await sessionsRepo.revoke(tx.sql, sessionId, tx.now)
        tx.after(() => {
          const s = sessions.get(sessionId)
          if (s) s.revokedAt = tx.now
          changed()
        })
      })
    },

    /** Checks a bearer token against signature, expiry, session and the current user or node. */
    async authenticate(token: string | undefined): Promise<Authentication> {
      if (!token) return { ok: false, reason: 'invalid' }
      const claims = await tokens.verify(token)
      if (!claims) return { ok: false, reason: 'invalid' }
      if (claims.kind === 'node') {
        const node = state.nodes.get(claims.sub)
        if (!node) return { ok: false, reason: 'unknown-node' }
        if (!nodeStands(node.id, claims.gen)) return { ok: false, reason: 'revoked' }
        return {
          ok: true,
          principal: { kind: 'node', id: node.id, role: 'node', node, tokenGeneration: claims.gen },
          expiresAt: claims.exp * 1000,
        }
      }
      const session = sessions.get(claims.sid)
      // A session belongs to one user: a token naming anyone else with this session id is refused.
      if (!session || session.revokedAt !== null || session.userId !== claims.sub) return { ok: false, reason: 'revoked' }
      const user = state.users.get(claims.sub)
      if (!user || user.disabled || user.role === 'node') return { ok: false, reason: 'revoked' }
      return {
        ok: true,
        principal: { kind: 'user', id: user.id, role: user.role, email: user.email, sessionId: session.id, user },
        expiresAt: claims.exp * 1000,
      }
    },

    /**
     * For the WebSocket only: a user or node token as `authenticate` takes it, or else a join
     * token, whose principal may register one new node and do nothing else.
     */
    async authenticateNodeCredential(
      token: string | undefined,
    ): Promise<Authentication | { ok: true; principal: JoinPrincipal; expiresAt: number }> {
      const result = await this.authenticate(token)
      if (result.ok || result.reason !== 'invalid' || !token) return result
      const join = await tokens.verifyJoin(token)
      if (!join) return result
      const owner = state.users.get(join.sub)
      if (!owner || owner.disabled || owner.role === 'viewer' || owner.role === 'node') return { ok: false, reason: 'revoked' }
      return {
        ok: true,
        principal: { kind: 'join', id: join.jti, role: 'node', ownerId: owner.id, expiresAt: join.exp * 1000 },
        expiresAt: join.exp * 1000,
      }
    },

    /**
     * Whether a principal authenticated earlier still stands (for long-lived WebSocket
     * connections): its session is not revoked, its user not disabled and still of the same role,
     * its node still known.
     */
    isCurrent(p: Principal | JoinPrincipal): boolean {
      if (p.kind === 'join') {
        const owner = state.users.get(p.ownerId)
        return !!owner && !owner.disabled
      }
      if (p.kind === 'node') return nodeStands(p.id, p.tokenGeneration)
      const user = state.users.get(p.id)
      if (!user || user.disabled || user.role !== p.role) return false
      if (p.sessionId.startsWith('supabase:')) return true
      const session = sessions.get(p.sessionId)
      return !!session && session.revokedAt === null && session.userId === p.id
    },

    /**
     * Calls `fn` after every change that may end a principal's standing; long-lived connections
     * (WebSockets, event and log streams) then check `isCurrent` and close. Returns the unsubscribe.
     */
    onStandingChange(fn: () => void): () => void {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },

    /** A token of the node's current generation (for a node that just registered). */
    async issueNodeToken(nodeId: string): Promise<string> {
      return (await tokens.signNode(nodeId, generations.get(nodeId) ?? 0)).token
    },

    /**
     * Rotation: moves the node's generation on (durably) and signs a token of the new one. Every
     * earlier token of the node stops working; the caller hands the new one to the node.
     */
    async rotateNodeToken(nodeId: string): Promise<{ token: string; expiresAt: number; generation: number }> {
      const generation = await queue.run(async (tx) => {
        const next = await nodeTokensRepo.bump(tx.sql, nodeId)
        tx.after(() => generations.set(nodeId, next))
        return next
      })
      return { ...(await tokens.signNode(nodeId, generation)), generation }
    },
    /** Whether a node token ending at `expMs` is past half its lifetime (then it is rotated). */
    nodeTokenDue(expMs: number): boolean {
      return clock.now() >= expMs - (tokens.ttls.nodeSeconds * 1000) / 2
    },
    /** Tells long-lived connections to check their standing (after a rotation was handed over). */
    standingChanged: changed,
    checkPassword: (password: string) => deps.passwords.check(password),
  }
}
export type AuthOps = ReturnType<typeof createAuthOps>
