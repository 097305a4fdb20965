/**
 * A protocol peer that plays the server side for agent tests, with no transport of its own: a
 * runtime's socket (in memory, or a real WebSocket server in a runtime's package) hands it frames
 * through `accept`. It decodes with the shared codec, answers `node:register` with
 * `node:registered`, records everything, and lets a test send `pod:assign` / `pod:stop`.
 */
import { decode, encode, encodeError, type DecodeFailure } from '../protocol/codec'
import type { Envelope, Message, MessageType, PayloadInput, PodAssignment } from '../protocol/messages'

/** The server end of one connection, as a transport gives it. */
export interface PeerTransport {
  send(frame: string): void
  close(code: number, reason: string): void
}

/** What a transport feeds back into the peer. */
export interface PeerEndpoint {
  receive(frame: unknown): void
  closed(code: number, reason: string): void
}

export interface FakeConnection {
  readonly index: number
  /** The bearer token the agent connected with. */
  readonly token: string
  /** Decoded messages from the agent on this connection, in order. */
  readonly received: Message[]
  /** Frames from the agent that failed to decode. */
  readonly rejected: DecodeFailure[]
  readonly closedWith: { code: number; reason: string } | undefined
  send<T extends MessageType>(type: T, payload: PayloadInput<T>, extra?: { id?: string; replyTo?: string }): void
  sendRaw(frame: string): void
  close(code: number, reason?: string): void
}

export interface FakeServerOptions {
  /** Heartbeat interval handed out in `node:registered` (default 5000). */
  heartbeatIntervalMs?: number
  /** Node token handed out in `node:registered` (default `node-token-<nodeId>`; null: none). */
  nodeToken?: (nodeId: string) => string | null
  /** Answer `node:register` automatically (default true). */
  autoRegister?: boolean
  /** Answer `node:leave` with `node:left` (default true). */
  autoLeave?: boolean
  /** Refuses a connection at once (as a server does for a bad token) by returning a close code. */
  authorize?: (token: string) => { code: number; reason: string } | undefined
}

type Waiter = { match: (m: Message) => boolean; resolve: (m: Message) => void }

export function createFakeServer(options: FakeServerOptions = {}) {
  const connections: FakeConnection[] = []
  const all: Message[] = []
  const waiters = new Set<Waiter>()
  let nodes = 0

  function record(message: Message) {
    all.push(message)
    for (const w of [...waiters]) {
      if (!w.match(message)) continue
      waiters.delete(w)
      w.resolve(message)
    }
  }

  function autoReply(conn: FakeConnection, m: Message) {
    if (m.type === 'node:leave' && options.autoLeave !== false) {
      const registered = conn.received.find((r) => r.type === 'node:register')
      const nodeId = registered?.type === 'node:register' ? (registered.payload.nodeId ?? `node-${nodes}`) : `node-${nodes}`
      return conn.send('node:left', { nodeId, removed: m.payload.remove === true }, m.id ? { replyTo: m.id } : {})
    }
    if (m.type !== 'node:register' || options.autoRegister === false) return
    const nodeId = m.payload.nodeId ?? `node-${++nodes}`
    const token = options.nodeToken ? options.nodeToken(nodeId) : `node-token-${nodeId}`
    conn.send(
      'node:registered',
      {
        nodeId,
        name: m.payload.name,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
        ...(token !== null ? { nodeToken: token } : {}),
      },
      m.id ? { replyTo: m.id } : {},
    )
  }

  return {
    /** Attaches a new connection; the transport calls the returned endpoint with frames and its close. */
    accept(transport: PeerTransport, token: string): PeerEndpoint {
      const received: Message[] = []
      const rejected: DecodeFailure[] = []
      let closedWith: { code: number; reason: string } | undefined
      const conn: FakeConnection = {
        index: connections.length,
        token,
        received,
        rejected,
        get closedWith() {
          return closedWith
        },
        send(type, payload, extra = {}) {
          if (!closedWith) transport.send(encode(type, payload, extra))
        },
        sendRaw(frame) {
          if (!closedWith) transport.send(frame)
        },
        close(code, reason = '') {
          if (closedWith) return
          closedWith = { code, reason }
          transport.close(code, reason)
        },
      }
      connections.push(conn)
      const refusal = options.authorize?.(token)
      if (refusal) conn.close(refusal.code, refusal.reason)
      return {
        receive(frame) {
          if (closedWith) return
          const decoded = decode(frame, 'agent→server')
          if (!decoded.ok) {
            rejected.push(decoded.error)
            conn.sendRaw(encodeError(decoded.error.code, decoded.error.message, decoded.error))
            return
          }
          received.push(decoded.value)
          record(decoded.value)
          autoReply(conn, decoded.value)
        },
        closed(code, reason) {
          closedWith ??= { code, reason }
        },
      }
    },

    connections: connections as readonly FakeConnection[],
    /** The newest connection that is still open. */
    get current(): FakeConnection | undefined {
      return connections.findLast((c) => !c.closedWith)
    },
    /** Every decoded message from agents, across connections. */
    messages: all as readonly Message[],
    received<T extends MessageType>(type: T): Envelope<T>[] {
      return all.filter((m) => m.type === type) as unknown as Envelope<T>[]
    },

    /**
     * Resolves with the first message of `type` that matches — already received or still to come.
     * Use `after` (a count of messages, from `messages.length`) to look only at later ones.
     */
    waitFor<T extends MessageType>(
      type: T,
      match: (payload: Envelope<T>['payload'], m: Envelope<T>) => boolean = () => true,
      after = 0,
    ): Promise<Envelope<T>> {
      const test = (m: Message) => m.type === type && match(m.payload as Envelope<T>['payload'], m as Envelope<T>)
      const seen = all.slice(after).find(test)
      if (seen) return Promise.resolve(seen as Envelope<T>)
      return new Promise((resolve) => waiters.add({ match: test, resolve: (m) => resolve(m as Envelope<T>) }))
    },

    /** Sends `pod:assign` on the current connection. */
    assign(pod: PodAssignment) {
      requireCurrent().send('pod:assign', { pod })
    },
    /** Sends `pod:stop` on the current connection. */
    stop(podId: string, incarnation: number, reason = 'Deleted', gracePeriodMs = 5000) {
      requireCurrent().send('pod:stop', { podId, incarnation, reason, gracePeriodMs })
    },
  }

  function requireCurrent(): FakeConnection {
    const conn = connections.findLast((c) => !c.closedWith)
    if (!conn) throw new Error('fake server: no open connection')
    return conn
  }
}

export type FakeServer = ReturnType<typeof createFakeServer>
