/**
 * The WebSocket gateway at /ws. Each frame is decoded with the shared codec; bad frames get an
 * `error` reply and never reach a handler. Messages of one connection are handled in order.
 * The server pings every socket; any answer counts as a sign of life for the node.
 *
 * Credentials: `Authorization: Bearer <token>` (Node agents) or the subprotocol
 * `stark.bearer.<token>` next to `stark.v1` (browsers cannot set headers). A connection with a
 * bad credential is accepted and closed at once with code 4401, so every client sees why.
 */
import type { UpgradeWebSocket, WSContext } from 'hono/ws'
import {
  CLOSE_REGISTRATION_REFUSED,
  CLOSE_UNAUTHORIZED,
  CLOSE_UNKNOWN_NODE,
  decode,
  encode,
  encodeError,
  MAX_MESSAGE_BYTES,
  ProtocolErrorCode,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Message,
} from '@stark/shared'
import type { Authentication } from '../auth/auth-ops'
import type { ServerDeps } from '../deps'
import { StarkError } from '../errors'
import { applyDeviceReport } from '../nodes/node-device'
import { UnknownNodeError } from '../nodes/node-ops'
import { canSeeEvent, eventView, matchesTopic } from '../events/event-view'
import { canSendMessage } from '../auth/policy'
import type { NodeSocket } from './node-connections'
import { watchStanding, type StandingWatch } from './connection-standing'
import { releaseUpgrade } from './upgrade-release'

const REGISTER_TIMEOUT_MS = 10_000
export const BEARER_SUBPROTOCOL_PREFIX = 'stark.bearer.'

function tokenFrom(authorization: string | undefined, protocols: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (bearer) return bearer
  for (const p of (protocols ?? '').split(',')) {
    const t = p.trim()
    if (t.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return t.slice(BEARER_SUBPROTOCOL_PREFIX.length)
  }
  return undefined
}

const PROTOCOL_CODE: Partial<Record<StarkError['code'], (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode]>> = {
  forbidden: ProtocolErrorCode.Forbidden,
  unauthorized: ProtocolErrorCode.Forbidden,
  conflict: ProtocolErrorCode.Conflict,
  bad_request: ProtocolErrorCode.InvalidPayload,
  not_found: ProtocolErrorCode.InvalidPayload,
  rate_limited: ProtocolErrorCode.RateLimited,
}

interface RawSocket {
  ping(): void
  terminate(): void
  on(event: 'pong', fn: () => void): void
}

export interface GatewayOptions {
  pingIntervalMs?: number
}

/** What the gateway uses of the server (as a route declares its own deps). */
export type GatewayDeps = Pick<
  ServerDeps,
  'auth' | 'bus' | 'clock' | 'lifecycle' | 'limits' | 'log' | 'logs' | 'nodes' | 'state' | 'writes'
>

export function createGateway(deps: GatewayDeps, upgradeWebSocket: UpgradeWebSocket, options: GatewayOptions = {}) {
  const { clock, log, nodes } = deps
  const live = new Set<{ raw: RawSocket; nodeId: () => string | undefined }>()
  const pingEvery = options.pingIntervalMs ?? 5000
  const rawByNode = new Map<string, RawSocket>()
  let pingTimer: ReturnType<typeof clock.setTimeout> | undefined
  const stats = { connections: 0, badFrames: 0 }
  let stopping = false

  function pingAll() {
    for (const c of live) {
      try {
        c.raw.ping()
      } catch {
        /* closing */
      }
    }
    pingTimer = clock.setTimeout(pingAll, pingEvery)
  }
  pingTimer = clock.setTimeout(pingAll, pingEvery)

  const handler = upgradeWebSocket(async (c) => {
    const token = tokenFrom(c.req.header('authorization'), c.req.header('sec-websocket-protocol'))
    /** The upgrade's context, until the socket is open (then what it holds is let go). */
    let upgrade: typeof c | undefined = c
    const authn: Authentication = await deps.auth.authenticate(token)
    let nodeId: string | undefined
    /** The node said it leaves (node:leave): its heartbeats no longer bring it back. */
    let left = false
    let chain: Promise<void> = Promise.resolve()
    let registerTimer: ReturnType<typeof clock.setTimeout> | undefined
    let budget = deps.limits.wsMessagesPerSecond * 2
    let budgetAt = clock.now()
    let socket: NodeSocket | undefined
    let entry: { raw: RawSocket; nodeId: () => string | undefined } | undefined
    let unwatch: (() => void) | undefined
    let standing: StandingWatch | undefined
    let rotating = false
    let expiresAt = authn.ok ? authn.expiresAt : undefined

    /** A node token past half its life is rotated over the open connection; the agent keeps the new one. */
    async function rotateIfDue(ws: WSContext) {
      if (!authn.ok || rotating || expiresAt === undefined) return
      const p = authn.principal
      if (p.kind !== 'node' || p.tokenGeneration === undefined || !deps.auth.nodeTokenDue(expiresAt)) return
      rotating = true
      try {
        const next = await deps.auth.rotateNodeToken(p.id)
        p.tokenGeneration = next.generation
        expiresAt = next.expiresAt
        standing?.setExpiry(expiresAt)
        reply(ws, encode('node:token', { nodeToken: next.token, expiresAt: next.expiresAt }))
        // Any other connection still holding an older token of this node ends now.
        deps.auth.standingChanged()
        log.info('node token rotated', { nodeId: p.id, generation: next.generation })
      } finally {
        rotating = false
      }
    }

    const reply = (ws: WSContext, data: string) => {
      try {
        ws.send(data)
      } catch {
        /* closing */
      }
    }

    async function handle(ws: WSContext, msg: Message) {
      if (!authn.ok) return
      // Logged out, disabled, demoted or deleted since the connection opened: it ends here.
      if (!deps.auth.isCurrent(authn.principal))
        return ws.close(CLOSE_UNAUTHORIZED, 'session ended, account disabled or role changed')
      const allowed = canSendMessage(authn.principal, msg.type, nodeId !== undefined)
      if (!allowed.ok) {
        return reply(
          ws,
          encodeError(
            allowed.reason === 'forbidden' ? ProtocolErrorCode.Forbidden : ProtocolErrorCode.NotRegistered,
            allowed.message,
            msg,
          ),
        )
      }
      if (msg.type === 'node:register') {
        if (nodeId) return reply(ws, encodeError(ProtocolErrorCode.Conflict, 'already registered on this connection', msg))
        if (!SUPPORTED_PROTOCOL_VERSIONS.includes(msg.payload.protocol)) {
          reply(
            ws,
            encodeError(
              ProtocolErrorCode.ProtocolVersion,
              `protocol ${msg.payload.protocol} is not supported; this server speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`,
              msg,
            ),
          )
          return ws.close(1002, 'unsupported protocol version')
        }
        try {
          const registered = await nodes.register(authn.principal, msg.payload, socket!, (answer) => {
            nodeId = answer.nodeId
            rawByNode.set(answer.nodeId, ws.raw as RawSocket)
            reply(ws, encode('node:registered', answer, msg.id ? { replyTo: msg.id } : {}))
          })
          nodeId = registered.nodeId
          registerTimer?.cancel()
          registerTimer = undefined
          await rotateIfDue(ws)
        } catch (error) {
          if (error instanceof UnknownNodeError) return ws.close(CLOSE_UNKNOWN_NODE, error.message.slice(0, 120))
          throw error
        }
        return
      }
      if (msg.type === 'error') {
        log.warn('client reported an error', { nodeId, ...msg.payload })
        return
      }
      if (msg.type === 'watch:subscribe') {
        const principal = authn.principal
        if (principal.kind !== 'user') return reply(ws, encodeError(ProtocolErrorCode.Forbidden, 'only users watch events', msg))
        registerTimer?.cancel()
        registerTimer = undefined
        unwatch?.()
        const { topics, namespace } = msg.payload
        unwatch = deps.bus.subscribe((e) => {
          if (!deps.auth.isCurrent(principal)) {
            unwatch?.()
            return ws.close(CLOSE_UNAUTHORIZED, 'session ended, account disabled or role changed')
          }
          if (!canSeeEvent(principal, e) || (namespace && e.namespace && e.namespace !== namespace)) return
          if (topics.some((t) => matchesTopic(t, e))) reply(ws, encode('watch:event', { event: eventView(e) }))
        })
        reply(ws, encode('watch:subscribed', { topics }, msg.id ? { replyTo: msg.id } : {}))
        return
      }
      if (!nodeId) return reply(ws, encodeError(ProtocolErrorCode.NotRegistered, 'send node:register first', msg))
      switch (msg.type) {
        case 'node:leave': {
          // The node stops on purpose: what it says on this connection from now on is no sign of life.
          left = true
          const { removed } = await deps.lifecycle.leave(nodeId, msg.payload)
          return reply(ws, encode('node:left', { nodeId, removed }, msg.id ? { replyTo: msg.id } : {}))
        }
        case 'node:heartbeat':
          if (left) return
          await rotateIfDue(ws)
          return nodes.heartbeat(nodeId, msg.payload)
        case 'node:device':
          if (left) return
          nodes.touch(nodeId)
          await applyDeviceReport(deps.writes, nodeId, msg.payload)
          return
        case 'pod:status':
          log.debug('pod status', { nodeId, podId: msg.payload.podId, status: msg.payload.status })
          return nodes.podStatus(nodeId, msg.payload)
        case 'pod:log': {
          nodes.touch(nodeId)
          const pod = deps.state.pods.get(msg.payload.podId)
          // Lines only for a pod this node holds, and never for a run the server has not given out yet.
          if (!pod || pod.nodeId !== nodeId || msg.payload.incarnation > pod.incarnation) {
            return reply(
              ws,
              encodeError(
                ProtocolErrorCode.Forbidden,
                `pod ${msg.payload.podId} (run ${msg.payload.incarnation}) is not assigned to this node`,
                msg,
              ),
            )
          }
          deps.logs.append(pod.id, msg.payload.incarnation, msg.payload.entries)
          return
        }
      }
    }

    function withinBudget(): boolean {
      const now = clock.now()
      const rate = deps.limits.wsMessagesPerSecond
      budget = Math.min(rate * 2, budget + ((now - budgetAt) / 1000) * rate)
      budgetAt = now
      if (budget < 1) return false
      budget -= 1
      return true
    }

    return {
      onOpen(_evt, ws) {
        stats.connections++
        if (upgrade) releaseUpgrade(upgrade, ws)
        upgrade = undefined
        if (!authn.ok) {
          ws.close(
            authn.reason === 'unknown-node' ? CLOSE_UNKNOWN_NODE : CLOSE_UNAUTHORIZED,
            authn.reason === 'unknown-node'
              ? 'unknown node; register anew'
              : token
                ? 'token invalid, expired or revoked'
                : 'authentication required',
          )
          return
        }
        socket = { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) }
        const raw = ws.raw as RawSocket
        raw.on('pong', () => {
          if (nodeId && !left) nodes.touch(nodeId)
        })
        entry = { raw, nodeId: () => nodeId }
        live.add(entry)
        const principal = authn.principal
        standing = watchStanding(
          deps,
          () => principal,
          expiresAt,
          (why) =>
            ws.close(
              CLOSE_UNAUTHORIZED,
              why === 'expired'
                ? 'token expired; reconnect with a fresh token'
                : 'session ended, account disabled or role changed',
            ),
        )
        registerTimer = clock.setTimeout(() => {
          if (!nodeId) ws.close(4408, 'no node:register or watch:subscribe within 10 s')
        }, REGISTER_TIMEOUT_MS)
      },
      onMessage(evt, ws) {
        if (!authn.ok) return
        if (!withinBudget()) {
          reply(
            ws,
            encodeError(
              ProtocolErrorCode.RateLimited,
              `more than ${deps.limits.wsMessagesPerSecond} messages/s; message dropped`,
            ),
          )
          return
        }
        const decoded = decode(evt.data, 'agent→server')
        if (!decoded.ok) {
          stats.badFrames++
          log.warn('bad message from agent', { nodeId, code: decoded.error.code, message: decoded.error.message })
          reply(ws, encodeError(decoded.error.code, decoded.error.message, decoded.error))
          return
        }
        const msg = decoded.value
        chain = chain.then(() =>
          handle(ws, msg).catch((error: unknown) => {
            const code =
              error instanceof StarkError ? (PROTOCOL_CODE[error.code] ?? ProtocolErrorCode.Internal) : ProtocolErrorCode.Internal
            const message = error instanceof StarkError ? error.message : 'internal error'
            if (!(error instanceof StarkError))
              log.error('message handler failed', { nodeId, type: msg.type, error: String(error) })
            reply(ws, encodeError(code, message, msg))
            // A refusal for good ends the agent's retries; anything else it may try again later.
            if (msg.type === 'node:register' && !nodeId)
              ws.close(
                error instanceof StarkError && error.code === 'forbidden' ? CLOSE_REGISTRATION_REFUSED : 1013,
                message.slice(0, 120),
              )
          }),
        )
      },
      onClose(evt) {
        registerTimer?.cancel()
        standing?.stop()
        unwatch?.()
        if (entry) live.delete(entry)
        if (nodeId && socket && !stopping) {
          if (rawByNode.get(nodeId) === entry?.raw) rawByNode.delete(nodeId)
          void nodes.disconnected(nodeId, socket, `connection closed (${evt.code}${evt.reason ? `: ${evt.reason}` : ''})`)
        }
      },
    }
  })

  return {
    handler,
    /** Drops a node's socket without a close handshake (it stopped answering). */
    terminate(nodeId: string) {
      rawByNode.get(nodeId)?.terminate()
    },
    get stats() {
      return { ...stats, open: live.size }
    },
    /** Stops pinging and stops recording disconnects (the server is shutting down). */
    stop() {
      stopping = true
      pingTimer?.cancel()
    },
    maxPayload: MAX_MESSAGE_BYTES,
  }
}
export type Gateway = ReturnType<typeof createGateway>
