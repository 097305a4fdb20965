/**
 * A simulated agent for the controller simulation. It speaks the wire protocol: every frame it
 * sends is encoded and decoded with the shared codec, and reaches the same node-ops entry
 * points the WebSocket gateway calls (register, heartbeat, pod status, disconnect). It runs every
 * pod it is assigned until told to stop (or fails it at once when its pack crashes), reports what
 * it runs in its heartbeats, and can leave (`node:leave`, then a clean close), close its socket
 * without a word (its process was killed), freeze (die silently: no frame in or out) and come back.
 * Closed by the server, it does what the real agent's close verdict says: deleted (4410), it
 * forgets its identity and stops, and started again joins as a new node; its node token refused,
 * it registers anew.
 */
import {
  CLOSE_UNAUTHORIZED,
  closeVerdict,
  decode,
  encode,
  type Clock,
  type Message,
  type PayloadInput,
  type Taint,
  type Timer,
} from '@stark/shared'
import type { Principal } from '../auth/principal'
import type { ServerDeps } from '../deps'
import type { NodeSocket } from '../ws/node-connections'

export type AgentState = 'up' | 'left' | 'closed' | 'frozen' | 'deleted'

export interface SimAgent {
  readonly name: string
  readonly state: AgentState
  readonly nodeId: string | undefined
  /** Runs this agent has going now: pod id → incarnation. */
  readonly running: ReadonlyMap<string, number>
  /** Connects (first time, after leaving or freezing, or to a restarted server) and registers. */
  connect(server: AgentServer): Promise<void>
  /** Stops on purpose: sends `node:leave` (asking to be removed, or not), then closes cleanly. */
  leave(o?: { remove?: boolean }): Promise<void>
  /** The process is killed: its socket closes cleanly, without `node:leave`. */
  close(): Promise<void>
  /** Stops answering and sending anything: the process hangs or the machine is gone. */
  freeze(): void
  /** The server went away (it restarts): the socket is gone, the runs keep going. */
  lostServer(): void
}

/** What an agent reaches on the server: what the gateway hands it for one connection. */
export interface AgentServer {
  deps: ServerDeps
  clock: Clock
  /** The principal the gateway authenticates this agent's credential as. */
  principal(token: string): Promise<Principal>
}

export interface SimAgentOptions {
  name: string
  /** A user token that may register nodes (the first connection). */
  joinToken: string
  taints?: Taint[]
  pods?: number
  /** Whether the pack of this pod fails right after it starts (a crash loop). */
  crashes?: (podName: string) => boolean
  /** Work still in flight (each frame's handling), for the simulation's settle. */
  track(p: Promise<unknown>): void
}

export function createSimAgent(o: SimAgentOptions): SimAgent {
  let state: AgentState = 'left'
  let nodeId: string | undefined
  let nodeToken: string | undefined
  let server: AgentServer | undefined
  let socket: NodeSocket | undefined
  let heartbeat: Timer | undefined
  const running = new Map<string, number>()

  /** The gateway's decode and dispatch for one frame from this agent. */
  function send<T extends 'node:heartbeat' | 'pod:status'>(type: T, payload: PayloadInput<T>) {
    const s = server
    if (!s || state !== 'up' || !nodeId) return
    const decoded = decode(encode(type, payload), 'agent→server')
    if (!decoded.ok) throw new Error(`the simulated agent sent a bad frame: ${decoded.error.message}`)
    const msg = decoded.value
    const id = nodeId
    if (msg.type === 'node:heartbeat') o.track(s.deps.nodes.heartbeat(id, msg.payload))
    else if (msg.type === 'pod:status') o.track(s.deps.nodes.podStatus(id, msg.payload))
  }

  const report = () => [...running].map(([podId, incarnation]) => ({ podId, incarnation, status: 'Running' as const }))

  function beat(intervalMs: number) {
    if (!server || state !== 'up') return
    send('node:heartbeat', { pods: report() })
    heartbeat = server.clock.setTimeout(() => beat(intervalMs), intervalMs)
  }

  /** Frames from the server, decoded as a real agent decodes them. */
  function receive(data: string, own: NodeSocket) {
    if (own !== socket || state !== 'up') return
    const decoded = decode(data, 'server→agent')
    if (!decoded.ok) throw new Error(`the server sent a bad frame: ${decoded.error.message}`)
    const msg: Message = decoded.value
    if (msg.type === 'pod:assign') {
      const { podId, incarnation, name } = msg.payload.pod
      send('pod:status', { podId, incarnation, status: 'Running' })
      if (o.crashes?.(name))
        send('pod:status', { podId, incarnation, status: 'Failed', reason: 'Error', message: 'exited with code 1', exitCode: 1 })
      else running.set(podId, incarnation)
    } else if (msg.type === 'pod:stop') {
      const { podId, incarnation } = msg.payload
      if (running.get(podId) === incarnation) running.delete(podId)
      send('pod:status', { podId, incarnation, status: 'Stopped' })
    }
  }

  const identity = () => (nodeId && nodeToken ? { nodeId, nodeToken, name: o.name } : null)

  /** Its identity is gone: it stops, and joins as a new node when started again. */
  function forget(next: AgentState) {
    dropSocket()
    state = next
    nodeId = undefined
    nodeToken = undefined
    running.clear()
  }

  function dropSocket() {
    heartbeat?.cancel()
    heartbeat = undefined
    socket = undefined
  }

  return {
    name: o.name,
    get state() {
      return state
    },
    get nodeId() {
      return nodeId
    },
    running,
    async connect(s) {
      dropSocket()
      server = s
      state = 'up'
      const own: NodeSocket = {
        send: (data) => receive(data, own),
        close: (code, reason) => {
          if (socket !== own) return
          dropSocket()
          const verdict = closeVerdict(code, reason, {
            usingNodeToken: nodeToken !== undefined,
            identity: identity(),
            credential: true,
          })
          if (verdict.action === 'stop' && verdict.forgetIdentity) forget('deleted')
        },
      }
      socket = own
      let principal: Principal
      try {
        principal = await s.principal(nodeToken ?? o.joinToken)
      } catch (error) {
        // Its node token died with its node (deleted while this agent was away): the gateway
        // closes with CLOSE_UNAUTHORIZED, and the agent does what its close verdict says.
        const verdict = closeVerdict(CLOSE_UNAUTHORIZED, 'node token refused', {
          usingNodeToken: nodeToken !== undefined,
          identity: identity(),
          credential: true,
        })
        if (verdict.action !== 'register-anew') throw error
        forget('left')
        socket = own
        state = 'up'
        principal = await s.principal(o.joinToken)
      }
      const frame = decode(
        encode('node:register', {
          protocol: 1,
          name: o.name,
          runtime: 'node',
          labels: {},
          taints: o.taints ?? [],
          allocatable: { cpu: 4000, memory: 4096, pods: o.pods ?? 110 },
          ...(nodeId ? { nodeId } : {}),
          pods: report(),
        }),
        'agent→server',
      )
      if (!frame.ok || frame.value.type !== 'node:register') throw new Error('the simulated agent built a bad node:register')
      const answer = await s.deps.nodes.register(principal, frame.value.payload, own, (registered) => {
        nodeId = registered.nodeId
        if (registered.nodeToken) nodeToken = registered.nodeToken
      })
      if (socket === own) beat(answer.heartbeatIntervalMs)
    },
    async leave(l = {}) {
      const own = socket
      const s = server
      const id = nodeId
      if (!own || !s || !id || state !== 'up') return
      heartbeat?.cancel()
      heartbeat = undefined
      const frame = decode(
        encode('node:leave', { ...(l.remove ? { remove: true } : {}), reason: 'stopped by the simulation' }, { id: 'leave' }),
        'agent→server',
      )
      if (!frame.ok || frame.value.type !== 'node:leave') throw new Error('the simulated agent built a bad node:leave')
      // The gateway's dispatch of node:leave, and its answer decoded as the agent decodes it.
      const { removed } = await s.deps.lifecycle.leave(id, frame.value.payload)
      const answer = decode(encode('node:left', { nodeId: id, removed }, { replyTo: 'leave' }), 'server→agent')
      if (!answer.ok || answer.value.type !== 'node:left') throw new Error('the server answered node:leave badly')
      // Then it stops its runs and closes its socket cleanly.
      dropSocket()
      running.clear()
      if (answer.value.payload.removed || l.remove) forget('left')
      else state = 'left'
      await s.deps.nodes.disconnected(id, own, 'connection closed (1000: agent stopped)')
    },
    async close() {
      const own = socket
      const s = server
      dropSocket()
      state = 'closed'
      running.clear()
      if (own && s && nodeId) await s.deps.nodes.disconnected(nodeId, own, 'connection closed (1006)')
    },
    freeze() {
      dropSocket()
      state = 'frozen'
      running.clear()
    },
    lostServer() {
      dropSocket()
      server = undefined
    },
  }
}
