/**
 * The one agent core, shared by the Node.js agent and the browser node:
 *
 *   connect → register → heartbeat → run/stop pods → report → (socket lost) → back-off → connect …
 *
 * It speaks the protocol module only and reaches the world through an AgentRuntime, so the same
 * state machine runs in a Node process, a browser page, and under a fake runtime in tests.
 */
import { decode, encode, encodeError } from '../protocol/codec'
import type { Envelope, Payload, PayloadInput, PodAssignment } from '../protocol/messages'
import { PROTOCOL_VERSION } from '../protocol/version'
import { ProtocolErrorCode } from '../protocol/errors'
import type { Labels } from '../model/labels'
import type { Taint } from '../model/taints'
import type { Resources } from '../model/resources'
import type { Timer } from '../time/clock'
import { createBackoff, DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from './backoff'
import { createLogBatcher } from './log-batcher'
import { isLocalTerminal, reportedStatus, type LocalPod } from './local-pod'
import {
  CLOSE_UNAUTHORIZED,
  CLOSE_UNKNOWN_NODE,
  type AgentRuntime,
  type AgentSocket,
  type NodeIdentity,
  type PodExit,
} from './runtime'

export type AgentState = 'idle' | 'connecting' | 'registering' | 'ready' | 'backoff' | 'stopped'

export interface AgentOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. The WebSocket is `<base>/ws`. */
  serverUrl: string
  /** Used to register when this node has no identity yet (a user token or a join token). */
  credential?: string
  name: string
  labels?: Labels
  taints?: Taint[]
  allocatable: Resources
  agentVersion?: string
  reconnect?: Partial<BackoffOptions>
  /** Give up after this many consecutive failed connection attempts (default: never). */
  maxReconnectAttempts?: number
  /** How often buffered pod output is sent (ms). */
  logFlushMs?: number
  /** How long a finished pod stays in heartbeats after its status was sent (ms). */
  retainFinishedMs?: number
  /** Grace period for pods when the agent itself shuts down (ms). */
  shutdownGracePeriodMs?: number
}

export type AgentEvent =
  | { type: 'state'; state: AgentState; detail?: string }
  | { type: 'pod'; pod: LocalPod }
  | { type: 'log'; podId: string; stream: 'stdout' | 'stderr'; line: string }

export interface Agent {
  start(): void
  /** Stops every pod, tells the server, and closes the connection. */
  stop(): Promise<void>
  readonly state: AgentState
  readonly nodeId: string | undefined
  pods(): LocalPod[]
  on(listener: (event: AgentEvent) => void): () => void
}

export function createAgent(runtime: AgentRuntime, options: AgentOptions): Agent {
  const { clock, log } = runtime
  const backoff = createBackoff({ ...DEFAULT_RECONNECT_BACKOFF, ...options.reconnect }, runtime.rng)
  const logs = createLogBatcher()
  const pods = new Map<string, LocalPod>()
  const listeners = new Set<(e: AgentEvent) => void>()
  const logFlushMs = options.logFlushMs ?? 100
  const retainFinishedMs = options.retainFinishedMs ?? 60_000
  const baseUrl = options.serverUrl.replace(/\/+$/, '')

  let state: AgentState = 'idle'
  let identity: NodeIdentity | null = null
  let identityLoaded = false
  let socket: AgentSocket | undefined
  let usingNodeToken = false
  let heartbeatTimer: Timer | undefined
  let reconnectTimer: Timer | undefined
  let logTimer: Timer | undefined
  let heartbeatMs = 5000
  let seq = 0
  let failures = 0

  const emit = (e: AgentEvent) => {
    for (const l of listeners) {
      try {
        l(e)
      } catch (error) {
        log.warn('agent listener threw', { error: String(error) })
      }
    }
  }
  const setState = (next: AgentState, detail?: string) => {
    if (state === next) return
    state = next
    emit({ type: 'state', state, ...(detail !== undefined ? { detail } : {}) })
  }

  const currentToken = () => (usingNodeToken && identity ? identity.nodeToken : (options.credential ?? ''))

  function send<T extends Parameters<typeof encode>[0]>(type: T, payload: PayloadInput<T>, id?: string): boolean {
    if (!socket || (state !== 'ready' && type !== 'node:register')) return false
    try {
      socket.send(encode(type, payload, id ? { id } : {}))
      return true
    } catch (error) {
      log.warn('send failed', { type, error: String(error) })
      return false
    }
  }

  // ---- connection lifecycle -------------------------------------------------------------

  async function connect() {
    reconnectTimer = undefined
    if (state === 'stopped') return
    if (!identityLoaded) {
      identity = await runtime.identity.load().catch((error: unknown) => {
        log.warn('could not read node identity; registering anew', { error: String(error) })
        return null
      })
      identityLoaded = true
      if (identity && identity.name !== options.name) identity = null
    }
    usingNodeToken = identity !== null
    const token = currentToken()
    if (!token) {
      setState('stopped', 'no credential: log in (stark auth login) or pass a token')
      log.error('no credential to register with')
      return
    }
    setState('connecting')
    const wsUrl = baseUrl.replace(/^http/, 'ws') + '/ws'
    let opened = false
    const mine = runtime.connect(wsUrl, token, {
      onOpen: () => {
        if (socket !== mine) return
        opened = true
        register()
      },
      onMessage: (data) => {
        if (socket !== mine) return
        handleFrame(data)
      },
      onClose: (code, reason) => {
        if (socket !== mine) return
        socket = undefined
        onDisconnected(code, reason, opened)
      },
    })
    socket = mine
  }

  function register() {
    setState('registering')
    send(
      'node:register',
      {
        protocol: PROTOCOL_VERSION,
        ...(identity ? { nodeId: identity.nodeId } : {}),
        name: options.name,
        runtime: runtime.kind,
        labels: options.labels ?? {},
        taints: options.taints ?? [],
        allocatable: options.allocatable,
        ...(options.agentVersion ? { agentVersion: options.agentVersion } : {}),
        pods: podReport(),
      },
      `m${++seq}`,
    )
  }

  function onDisconnected(code: number, reason: string, opened: boolean) {
    heartbeatTimer?.cancel()
    heartbeatTimer = undefined
    if (state === 'stopped') return
    log.info('disconnected from server', { code, reason })
    if (code === CLOSE_UNKNOWN_NODE || (code === CLOSE_UNAUTHORIZED && usingNodeToken)) {
      // The server does not know (or no longer trusts) this identity: start over as a new node.
      log.warn('server refused this node identity; registering anew', { code, reason })
      identity = null
      void runtime.identity.clear().catch(() => {})
      if (options.credential) return scheduleReconnect(0)
      setState('stopped', reason || 'node identity refused and no credential to register anew')
      return
    }
    if (code === CLOSE_UNAUTHORIZED) {
      setState('stopped', reason || 'the server refused the credential')
      log.error('the server refused the credential; not reconnecting', { reason })
      return
    }
    if (!opened) failures++
    else failures = 0
    if (options.maxReconnectAttempts !== undefined && failures > options.maxReconnectAttempts) {
      setState('stopped', `gave up after ${failures} failed connection attempts`)
      return
    }
    scheduleReconnect(backoff.next())
  }

  function scheduleReconnect(delay: number) {
    setState('backoff', `reconnecting in ${delay} ms`)
    reconnectTimer?.cancel()
    reconnectTimer = clock.setTimeout(() => void connect(), delay)
  }

  // ---- incoming messages ----------------------------------------------------------------

  function handleFrame(data: string) {
    const decoded = decode(data, 'server→agent')
    if (!decoded.ok) {
      log.warn('bad message from server', { code: decoded.error.code, message: decoded.error.message })
      socket?.send(encodeError(decoded.error.code, decoded.error.message, decoded.error))
      return
    }
    const msg = decoded.value
    switch (msg.type) {
      case 'node:registered':
        return void onRegistered(msg.payload)
      case 'pod:assign':
        return void onAssign(msg.payload.pod)
      case 'pod:stop':
        return onStop(msg.payload)
      case 'error':
        return onServerError(msg)
    }
  }

  async function onRegistered(p: Payload<'node:registered'>) {
    const next: NodeIdentity = { nodeId: p.nodeId, name: p.name, nodeToken: p.nodeToken ?? identity?.nodeToken ?? '' }
    const changed = !identity || identity.nodeId !== next.nodeId || identity.nodeToken !== next.nodeToken
    identity = next
    if (p.nodeToken) usingNodeToken = true
    if (changed && next.nodeToken) {
      await runtime.identity.save(next).catch((error: unknown) => log.warn('could not save node identity', { error: String(error) }))
    }
    heartbeatMs = p.heartbeatIntervalMs
    backoff.reset()
    failures = 0
    setState('ready')
    log.info('registered', { nodeId: p.nodeId, name: p.name, heartbeatMs })
    // Finished pods were in the registration report: the server has them now.
    const now = clock.now()
    for (const pod of pods.values()) if (isLocalTerminal(pod.status)) pod.reportedAt ??= now
    scheduleHeartbeat()
    flushLogs()
  }

  function onServerError(msg: Envelope<'error'>) {
    const { code, message, about } = msg.payload
    log.warn('server reported an error', { code, message, about })
    if (about === 'node:register' && code === ProtocolErrorCode.ProtocolVersion) {
      setState('stopped', message)
      socket?.close(1000, 'protocol version not supported')
    }
  }

  async function onAssign(a: PodAssignment) {
    const existing = pods.get(a.podId)
    if (existing) {
      if (existing.assignment.incarnation > a.incarnation) return
      if (existing.assignment.incarnation === a.incarnation) {
        if (isLocalTerminal(existing.status)) reportStatus(existing)
        return
      }
      // A newer incarnation replaces the old run (restart, rollback): end the old one quietly.
      existing.stopRequested = true
      existing.stopReason = 'Superseded'
      existing.run?.stop(0)
    }
    const pod: LocalPod = { assignment: a, status: 'Starting', stopRequested: false, startedAt: clock.now() }
    pods.set(a.podId, pod)
    emit({ type: 'pod', pod })
    const nodeId = identity?.nodeId ?? ''
    let bundle: unknown
    try {
      bundle = await runtime.loadBundle(a.pack.sha256, `${baseUrl}/api/bundles/${a.pack.sha256}`, currentToken())
    } catch (error) {
      return finish(pod, { status: 'Failed', reason: 'BundleUnavailable', message: errorMessage(error) })
    }
    if (pods.get(a.podId) !== pod) return
    if (pod.stopRequested) return finish(pod, { status: 'Stopped' })
    try {
      pod.run = runtime.startPod(a, nodeId, bundle, {
        log: (stream, line) => {
          logs.add(a.podId, a.incarnation, { ts: clock.now(), stream, line })
          emit({ type: 'log', podId: a.podId, stream, line })
          scheduleLogFlush()
        },
      })
    } catch (error) {
      return finish(pod, { status: 'Failed', reason: 'StartError', message: errorMessage(error) })
    }
    pod.status = pod.stopRequested ? 'Stopping' : 'Running'
    emit({ type: 'pod', pod })
    reportStatus(pod)
    void pod.run.done.then((exit) => finish(pod, exit))
  }

  function onStop(p: Payload<'pod:stop'>) {
    const pod = pods.get(p.podId)
    if (!pod || pod.assignment.incarnation < p.incarnation) {
      // Nothing of that run here (never started, or long gone): confirm it is stopped.
      send('pod:status', { podId: p.podId, incarnation: p.incarnation, status: 'Stopped', reason: 'NotRunning' })
      return
    }
    if (pod.assignment.incarnation > p.incarnation) return
    if (isLocalTerminal(pod.status)) return reportStatus(pod)
    pod.stopRequested = true
    pod.stopReason = p.reason
    if (pod.status === 'Running') pod.status = 'Stopping'
    emit({ type: 'pod', pod })
    pod.run?.stop(p.gracePeriodMs)
  }

  function finish(pod: LocalPod, exit: PodExit) {
    if (isLocalTerminal(pod.status)) return
    const final: PodExit = pod.stopRequested
      ? { ...exit, status: 'Stopped', reason: pod.stopReason ?? exit.reason ?? 'Stopped' }
      : exit
    pod.status = final.status
    pod.exit = final
    emit({ type: 'pod', pod })
    if (pods.get(pod.assignment.podId) !== pod) return // superseded by a newer incarnation
    flushLogs({ podId: pod.assignment.podId, incarnation: pod.assignment.incarnation })
    reportStatus(pod)
  }

  function reportStatus(pod: LocalPod) {
    const a = pod.assignment
    const sent = send('pod:status', {
      podId: a.podId,
      incarnation: a.incarnation,
      status: reportedStatus(pod),
      ...(pod.exit?.reason ? { reason: pod.exit.reason } : {}),
      ...(pod.exit?.message ? { message: pod.exit.message.slice(0, 4096) } : {}),
      ...(pod.exit?.exitCode !== undefined ? { exitCode: pod.exit.exitCode } : {}),
    })
    if (sent && isLocalTerminal(pod.status)) pod.reportedAt = clock.now()
  }

  // ---- periodic work --------------------------------------------------------------------

  function podReport() {
    return [...pods.values()].map((p) => ({
      podId: p.assignment.podId,
      incarnation: p.assignment.incarnation,
      status: reportedStatus(p),
    }))
  }

  function scheduleHeartbeat() {
    heartbeatTimer?.cancel()
    heartbeatTimer = clock.setTimeout(() => {
      heartbeatTimer = undefined
      if (state !== 'ready') return
      pruneFinished()
      const usage = [...pods.values()].flatMap((p) => {
        const u = p.status === 'Running' ? p.run?.usage?.() : undefined
        return u ? [{ podId: p.assignment.podId, incarnation: p.assignment.incarnation, cpu: u.cpu, memory: u.memory }] : []
      })
      send('node:heartbeat', { pods: podReport(), ...(usage.length ? { usage } : {}) })
      scheduleHeartbeat()
    }, heartbeatMs)
  }

  function pruneFinished() {
    const now = clock.now()
    for (const [id, p] of pods) {
      if (isLocalTerminal(p.status) && p.reportedAt !== undefined && now - p.reportedAt > retainFinishedMs) pods.delete(id)
    }
  }

  function scheduleLogFlush() {
    if (logTimer || state !== 'ready') return
    logTimer = clock.setTimeout(() => {
      logTimer = undefined
      flushLogs()
    }, logFlushMs)
  }

  function flushLogs(only?: { podId: string; incarnation: number }) {
    if (state !== 'ready') return
    for (const batch of logs.drain(only)) send('pod:log', batch)
  }

  // ---- public surface -------------------------------------------------------------------

  return {
    start() {
      if (state !== 'idle') return
      void connect()
    },
    async stop() {
      if (state === 'stopped') return
      reconnectTimer?.cancel()
      const grace = options.shutdownGracePeriodMs ?? 5000
      const running = [...pods.values()].filter((p) => !isLocalTerminal(p.status))
      for (const p of running) {
        p.stopRequested = true
        p.stopReason = 'NodeShutdown'
        p.run?.stop(grace)
      }
      await Promise.all(running.map((p) => p.run?.done))
      for (const p of running) finish(p, { status: 'Stopped', reason: 'NodeShutdown', message: 'the node agent is shutting down' })
      flushLogs()
      heartbeatTimer?.cancel()
      logTimer?.cancel()
      setState('stopped')
      socket?.close(1000, 'agent stopped')
      socket = undefined
    },
    get state() {
      return state
    },
    get nodeId() {
      return identity?.nodeId
    },
    pods: () => [...pods.values()],
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
