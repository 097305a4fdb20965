/**
 * The one agent core, shared by the Node.js agent and the browser node:
 *
 *   connect → register → heartbeat → run/stop pods → report → (socket lost) → back-off → connect …
 *
 * It speaks the protocol module only and reaches the world through an AgentRuntime, so the same
 * state machine runs in a Node process, a browser page, and under a fake runtime in tests.
 */
import { decode, encode, encodeError } from '../protocol/codec'
import type { Envelope, Payload, PayloadInput } from '../protocol/messages'
import { PROTOCOL_VERSION } from '../protocol/version'
import { ProtocolErrorCode } from '../protocol/errors'
import type { Timer } from '../time/clock'
import { createBackoff, DEFAULT_RECONNECT_BACKOFF } from './backoff'
import type { Agent, AgentEvent, AgentOptions, AgentState, StopOptions } from './agent-types'
import { createLogBatcher } from './log-batcher'
import { createServerList } from './server-list'
import { onClose } from './close-verdict'
import { createPodSupervisor, errorMessage } from './pod-supervisor'
import { type AgentRuntime, type AgentSocket, type NodeIdentity, nodeUsage } from './runtime'

export type { Agent, AgentEvent, AgentOptions, AgentState, StopOptions } from './agent-types'

export function createAgent(runtime: AgentRuntime, options: AgentOptions): Agent {
  const { clock, log } = runtime
  const backoff = createBackoff({ ...DEFAULT_RECONNECT_BACKOFF, ...options.reconnect }, runtime.rng)
  const logs = createLogBatcher()
  const listeners = new Set<(e: AgentEvent) => void>()
  const logFlushMs = options.logFlushMs ?? 100
  // One server, or several on one database: a failed or dropped connection moves to the next.
  const servers = createServerList(options.serverUrl)

  let state: AgentState = 'idle'
  let identity: NodeIdentity | null = null
  let identityLoaded = false
  let socket: AgentSocket | undefined
  /** Whether the current connection was opened with the node token (decides what 4401 means). */
  let usingNodeToken = false
  /** Bumped per connection attempt; callbacks of older attempts are ignored. */
  let attempt = 0
  /** Identity writes run one after another, so a clear never lands after a newer save. */
  let identityWrites: Promise<unknown> = Promise.resolve()
  let stopping: Promise<void> | undefined
  let heartbeatTimer: Timer | undefined
  let reconnectTimer: Timer | undefined
  let logTimer: Timer | undefined
  let heartbeatMs = 5000
  let seq = 0
  let failures = 0
  /** Resolves a pending node:leave with the server's answer. */
  let onLeft: ((p: Payload<'node:left'>) => void) | undefined

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
  const isStopped = () => state === 'stopped' || stopping !== undefined
  const currentToken = () => identity?.nodeToken || options.credential || ''

  function sendRaw(frame: string, type: string): boolean {
    if (!socket) return false
    try {
      socket.send(frame)
      return true
    } catch (error) {
      log.warn('send failed', { type, error: String(error) })
      return false
    }
  }

  function send<T extends Parameters<typeof encode>[0]>(type: T, payload: PayloadInput<T>, id?: string): boolean {
    if (state !== 'ready' && type !== 'node:register') return false
    return sendRaw(encode(type, payload, id ? { id } : {}), type)
  }

  function writeIdentity(what: string, write: () => Promise<void>) {
    identityWrites = identityWrites
      .then(write)
      .catch((error: unknown) => log.warn(`could not ${what} the node identity`, { error: String(error) }))
  }

  const pods = createPodSupervisor({
    runtime,
    clock,
    sendStatus: (payload) => send('pod:status', payload),
    bundleSource: (sha256) => ({ url: `${servers.current}/api/bundles/${sha256}`, token: currentToken() }),
    nodeId: () => identity?.nodeId ?? '',
    onLog(pod, stream, line) {
      logs.add(pod.assignment.podId, pod.assignment.incarnation, { ts: clock.now(), stream, line })
      emit({ type: 'log', podId: pod.assignment.podId, stream, line })
      scheduleLogFlush()
    },
    flushLogs: (pod) => flushLogs({ podId: pod.assignment.podId, incarnation: pod.assignment.incarnation }),
    onChange: (pod) => emit({ type: 'pod', pod }),
    retainFinishedMs: options.retainFinishedMs ?? 60_000,
  })

  // ---- connection lifecycle -------------------------------------------------------------

  async function connect() {
    reconnectTimer = undefined
    if (isStopped()) return
    if (!identityLoaded) {
      identity = await runtime.identity.load().catch((error: unknown) => {
        log.warn('could not read node identity; registering anew', { error: String(error) })
        return null
      })
      identityLoaded = true
      if (identity && identity.name !== options.name) identity = null
      if (isStopped()) return
    }
    usingNodeToken = Boolean(identity?.nodeToken)
    const token = currentToken()
    if (!token) {
      setState('stopped', 'no credential: log in (stark auth login) or pass a token')
      log.error('no credential to register with')
      return
    }
    setState('connecting')
    const wsUrl = servers.current.replace(/^http/, 'ws') + '/ws'
    const mine = ++attempt
    let opened = false
    let closed = false
    // Callbacks a runtime fires before connect() returns wait until `socket` is set.
    let early: (() => void)[] | undefined = []
    const deliver = (fn: () => void) => void (early ? early.push(fn) : fn())
    const live = () => mine === attempt && state !== 'stopped' && !closed
    let opening: AgentSocket
    try {
      opening = runtime.connect(wsUrl, token, {
        onOpen: () =>
          deliver(() => {
            if (!live()) return
            opened = true
            register()
          }),
        onMessage: (data) => deliver(() => void (live() && handleFrame(data))),
        onClose: (code, reason) =>
          deliver(() => {
            if (!live()) return
            closed = true
            socket = undefined
            onDisconnected(code, reason, opened)
          }),
      })
    } catch (error) {
      log.warn('could not open a connection', { error: errorMessage(error) })
      return onDisconnected(1006, errorMessage(error), false)
    }
    socket = opening
    const queued = early
    early = undefined
    for (const fn of queued) fn()
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
        ...(options.podNetwork ? { podNetwork: options.podNetwork } : {}),
        ...(runtime.conditions ? { conditions: runtime.conditions() } : {}),
        pods: pods.report(),
      },
      `m${++seq}`,
    )
  }

  function onDisconnected(code: number, reason: string, opened: boolean) {
    heartbeatTimer?.cancel()
    heartbeatTimer = undefined
    if (isStopped()) return
    log.info('disconnected from server', { code, reason })
    const verdict = onClose(code, reason, { usingNodeToken, identity, credential: Boolean(options.credential) })
    if (verdict.forgetIdentity) {
      identity = null
      writeIdentity('clear', () => runtime.identity.clear())
    }
    if (verdict.action === 'register-anew') {
      log.warn('server refused this node identity; registering anew', { code, reason })
      return scheduleReconnect(0)
    }
    if (verdict.action === 'stop') {
      log.error(verdict.log, { code, reason })
      setState('stopped', verdict.detail)
      if (verdict.stopPods) void pods.shutdown(options.shutdownGracePeriodMs ?? 5000)
      return
    }
    if (!opened) failures++
    else failures = 0
    if (servers.all.length > 1) {
      const from = servers.current
      log.info('moving to the next server', { from, to: servers.next() })
      // The first try at another server goes at once; the back-off paces the rounds through all of them.
      if (opened || failures % servers.all.length !== 0) return scheduleReconnect(0)
    }
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
      sendRaw(encodeError(decoded.error.code, decoded.error.message, decoded.error), 'error')
      return
    }
    const msg = decoded.value
    switch (msg.type) {
      case 'node:registered':
        return onRegistered(msg.payload)
      case 'node:token':
        return onTokenRotated(msg.payload)
      case 'node:left':
        return onLeft?.(msg.payload)
      case 'pod:assign':
        return void pods.assign(msg.payload.pod)
      case 'pod:stop':
        return pods.stop(msg.payload)
      case 'error':
        return onServerError(msg)
    }
  }

  /** The server rotated this node's token: the old one no longer works, so the new one is kept at once. */
  function onTokenRotated(p: Payload<'node:token'>) {
    if (!identity) return
    const next: NodeIdentity = { ...identity, nodeToken: p.nodeToken }
    identity = next
    writeIdentity('save', () => runtime.identity.save(next))
    log.info('node token rotated', { expiresAt: new Date(p.expiresAt).toISOString() })
  }

  function onRegistered(p: Payload<'node:registered'>) {
    const next: NodeIdentity = { nodeId: p.nodeId, name: p.name, nodeToken: p.nodeToken ?? identity?.nodeToken ?? '' }
    const changed = !identity || identity.nodeId !== next.nodeId || identity.nodeToken !== next.nodeToken
    identity = next
    // Saved in the background: the connection is usable now (a pod:assign may follow at once).
    if (changed && next.nodeToken) writeIdentity('save', () => runtime.identity.save(next))
    heartbeatMs = p.heartbeatIntervalMs
    backoff.reset()
    failures = 0
    setState('ready')
    log.info('registered', { nodeId: p.nodeId, name: p.name, heartbeatMs })
    pods.reportUnreported()
    reportDevice()
    scheduleHeartbeat()
    flushLogs()
  }

  const reportDevice = () => void (runtime.device && send('node:device', runtime.device()))
  const offDevice = runtime.onDeviceChange?.(reportDevice)

  function onServerError(msg: Envelope<'error'>) {
    const { code, message, about } = msg.payload
    log.warn('server reported an error', { code, message, about })
    if (about === 'node:register' && code === ProtocolErrorCode.ProtocolVersion) {
      setState('stopped', message)
      socket?.close(1000, 'protocol version not supported')
    }
  }

  // ---- periodic work --------------------------------------------------------------------

  function heartbeat() {
    heartbeatTimer = undefined
    if (state !== 'ready') return
    pods.prune()
    const usage = pods.usage()
    const own = nodeUsage(runtime.nodeUsage?.())
    const conditions = runtime.conditions?.()
    const extra = { ...(usage.length ? { usage } : {}), ...(own ? { node: own } : {}), ...(conditions ? { conditions } : {}) }
    send('node:heartbeat', { pods: pods.report(), ...extra })
    scheduleHeartbeat()
  }

  function scheduleHeartbeat() {
    heartbeatTimer?.cancel()
    heartbeatTimer = clock.setTimeout(heartbeat, heartbeatMs)
  }

  // A new condition (or one cleared) goes out at once: the server stops or resumes sending pods.
  runtime.onConditionsChange?.(() => {
    if (state !== 'ready') return
    heartbeatTimer?.cancel()
    heartbeat()
  })

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

  /** Tells the server this node leaves and waits (bounded) for its answer; resolves whether it was removed. */
  async function announceLeave(o: StopOptions): Promise<boolean> {
    if (state !== 'ready') return false
    heartbeatTimer?.cancel()
    heartbeatTimer = undefined
    const answer = new Promise<Payload<'node:left'> | undefined>((resolve) => {
      const timer = clock.setTimeout(() => resolve(undefined), options.leaveTimeoutMs ?? 2000)
      onLeft = (p) => {
        timer.cancel()
        resolve(p)
      }
    })
    const sent = send(
      'node:leave',
      { ...(o.remove ? { remove: true } : {}), ...(o.reason ? { reason: o.reason.slice(0, 256) } : {}) },
      `m${++seq}`,
    )
    const left = sent ? await answer : undefined
    onLeft = undefined
    if (!left) log.warn('the server did not acknowledge node:leave in time; stopping anyway')
    else log.info('left the cluster', { removed: left.removed })
    return left?.removed ?? false
  }

  async function shutdown(o: StopOptions) {
    reconnectTimer?.cancel()
    offDevice?.()
    pods.refuseNew()
    const removed = o.leave === false ? false : await announceLeave(o)
    if (removed || o.remove) {
      identity = null
      writeIdentity('clear', () => runtime.identity.clear())
    }
    await pods.shutdown(options.shutdownGracePeriodMs ?? 5000)
    flushLogs()
    heartbeatTimer?.cancel()
    logTimer?.cancel()
    setState('stopped')
    socket?.close(1000, 'agent stopped')
    socket = undefined
    // Let a pending identity write land before the caller goes on (or exits).
    await identityWrites
  }

  // ---- public surface -------------------------------------------------------------------

  return {
    start() {
      if (state !== 'idle') return
      void connect()
    },
    stop(o: StopOptions = {}) {
      // Also after the agent stopped itself (credential refused): its pods still need stopping.
      stopping ??= shutdown(o)
      return stopping
    },
    get state() {
      return state
    },
    get nodeId() {
      return identity?.nodeId
    },
    pods: () => pods.list(),
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
