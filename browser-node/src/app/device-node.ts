/**
 * This device's node: joins (with a join token or the signed-in user's token), pauses, resumes and
 * leaves, and keeps its last known state — status, pods, recent output — in IndexedDB, so a reload
 * (also offline) shows it at once. The agent is the shared core; nothing here speaks the protocol.
 */
import {
  createAgent,
  isLocalTerminal,
  type Agent,
  type AgentRuntime,
  type AgentState,
  type Labels,
  type LocalPodStatus,
  type Logger,
  type Resources,
  type StopOptions,
} from '@stark/shared'
import type { KeyValueStore } from '../runtime/idb'
import { createLogBuffer, type LogLine } from './log-buffer'

export interface DeviceConfig {
  name: string
  labels: Labels
  joined: boolean
  paused: boolean
}

export interface PodSummary {
  podId: string
  name: string
  namespace: string
  incarnation: number
  /** `namespace` is the pack's (absent in snapshots saved before it was kept: the pod's). */
  pack: { namespace?: string; name: string; version: string }
  status: LocalPodStatus
  message?: string
  startedAt: number
}

export interface DeviceSnapshot {
  config: DeviceConfig
  state: AgentState
  detail?: string
  /** Why the server last closed the connection or refused a message (shown while not Ready). */
  problem?: string
  nodeId?: string
  pods: PodSummary[]
  logs: Record<string, LogLine[]>
  savedAt: number
}

export interface DeviceNodeDeps {
  /** Where the snapshot is saved (the "state" store). */
  store: KeyValueStore<DeviceSnapshot>
  key: string
  serverUrl: string
  runtime(name: string): AgentRuntime
  allocatable: Resources
  baseLabels: Labels
  log: Logger
  agentVersion?: string
}

export function createDeviceNode(deps: DeviceNodeDeps) {
  const logs = createLogBuffer()
  const listeners = new Set<(s: DeviceSnapshot) => void>()
  let agent: Agent | undefined
  let offAgent: (() => void) | undefined
  /** Join, resume, pause and leave run one after another (a click may come while a stop is under way). */
  let ops: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = ops.then(fn)
    ops = next.catch(() => {})
    return next
  }
  let snap: DeviceSnapshot = {
    config: { name: '', labels: {}, joined: false, paused: false },
    state: 'idle',
    pods: [],
    logs: {},
    savedAt: 0,
  }
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  const pods = new Map<string, PodSummary>()

  const write = () => deps.store.put(deps.key, { ...snap, logs: logs.snapshot(), savedAt: Date.now() }).catch(() => {})
  /** Saves at most 300 ms after a change, however busy the node is (a pending save is not pushed back). */
  const save = () => {
    if (saveTimer !== undefined) return
    saveTimer = setTimeout(() => {
      saveTimer = undefined
      void write()
    }, 300)
  }
  const changed = (persist = true) => {
    snap = { ...snap, pods: [...pods.values()].sort((a, b) => b.startedAt - a.startedAt) }
    for (const l of listeners) l(snap)
    if (persist) save()
  }

  function startAgent(credential: string | undefined) {
    const { config } = snap
    const a = createAgent(deps.runtime(config.name), {
      serverUrl: deps.serverUrl,
      name: config.name,
      labels: { ...deps.baseLabels, ...config.labels },
      allocatable: deps.allocatable,
      ...(credential ? { credential } : {}),
      ...(deps.agentVersion ? { agentVersion: deps.agentVersion } : {}),
      shutdownGracePeriodMs: 2000,
    })
    offAgent = a.on((e) => {
      if (e.type === 'state') {
        snap = { ...snap, state: e.state, ...(a.nodeId ? { nodeId: a.nodeId } : {}) }
        if (e.state === 'ready') delete snap.problem
        if (e.detail !== undefined) snap.detail = e.detail
        else delete snap.detail
        changed()
      } else if (e.type === 'pod') {
        const p = e.pod
        const s = p.assignment
        pods.set(s.podId, {
          podId: s.podId,
          name: s.name,
          namespace: s.namespace,
          incarnation: s.incarnation,
          pack: { namespace: s.pack.namespace ?? s.namespace, name: s.pack.name, version: s.pack.version },
          status: p.status,
          ...(p.exit?.message ? { message: p.exit.message } : {}),
          startedAt: p.startedAt,
        })
        // Finished pods stay listed (the last 20) so their output can still be read.
        const done = [...pods.values()].filter((x) => isLocalTerminal(x.status)).sort((x, y) => x.startedAt - y.startedAt)
        for (const old of done.slice(0, Math.max(0, done.length - 20))) {
          pods.delete(old.podId)
          logs.forget(old.podId)
        }
        changed()
      } else {
        logs.add(e.podId, { ts: Date.now(), stream: e.stream, line: e.line })
        for (const l of listeners) l(snap)
        save()
      }
    })
    agent = a
    a.start()
  }

  async function stopAgent(options: StopOptions) {
    const a = agent
    const off = offAgent
    agent = undefined
    offAgent = undefined
    if (!a) return
    await a.stop(options)
    off?.()
    for (const p of pods.values()) if (!isLocalTerminal(p.status)) p.status = 'Stopped'
  }

  async function load(): Promise<DeviceSnapshot | undefined> {
    const saved = await deps.store.get(deps.key).catch(() => undefined)
    if (!saved?.config) return undefined
    logs.restore(saved.logs)
    pods.clear()
    // Whatever ran before the reload died with the old page; the server reconciles it.
    for (const p of saved.pods ?? [])
      pods.set(
        p.podId,
        isLocalTerminal(p.status) ? p : { ...p, status: 'Stopped', message: 'ended when the page was reloaded or closed' },
      )
    snap = { ...saved, state: 'idle' }
    changed(false)
    return saved
  }

  return {
    get snapshot() {
      return snap
    },
    get agent() {
      return agent
    },
    logs: (podId: string) => logs.lines(podId),
    /** Records what the server said when it refused or closed (from the agent's log). */
    note(problem: string) {
      if (!problem || snap.problem === problem) return
      snap = { ...snap, problem }
      for (const l of listeners) l(snap)
    },
    on(fn: (s: DeviceSnapshot) => void) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    /** The last known state, as saved (shown before anything connects). */
    restore: load,
    /**
     * Another tab of this browser runs this node now: stop here without leaving (the other tab
     * connects with the same identity) and show the saved state.
     */
    standby() {
      return serial(async () => {
        await stopAgent({ leave: false, reason: 'another tab of this browser runs the node' })
        snap = { ...snap, state: 'stopped', detail: 'running in another tab' }
        changed(false)
      })
    },
    /**
     * This tab runs the node (elected, or took over): reads what the other tab saved (it may have
     * joined, paused or left since), then connects if the node is joined and not paused.
     * `joinIfNew` joins a node that is not joined yet (a fleet page's first start).
     */
    runHere(credential: () => Promise<string | undefined>, joinIfNew?: Pick<DeviceConfig, 'name' | 'labels'>) {
      return serial(async () => {
        if (agent) return
        await load()
        const { config } = snap
        if (!config.joined && joinIfNew) {
          snap = { ...snap, config: { ...joinIfNew, joined: true, paused: false } }
          startAgent((await credential()) ?? '')
        } else if (config.joined && !config.paused) startAgent(await credential())
        else return
        changed()
        await write()
      })
    },
    /**
     * The page is going away on purpose (a fleet page being closed): tells the server at once — the
     * leave message goes out before this returns — without waiting for anything.
     */
    depart() {
      void agent?.stop({ leave: true, reason: 'page closed' })
    },
    /** Joins as `config.name` with a join token or a user's access token. */
    join(config: Pick<DeviceConfig, 'name' | 'labels'>, credential: string) {
      return serial(async () => {
        await stopAgent({ leave: true, reason: 'joining again' })
        snap = { ...snap, config: { ...config, joined: true, paused: false } }
        startAgent(credential)
        changed()
        await write()
      })
    },
    /** Connects again with the saved identity (after a reload), or with `credential` if it has none. */
    resume(credential?: string) {
      return serial(async () => {
        if (agent || !snap.config.joined) return
        snap = { ...snap, config: { ...snap.config, paused: false } }
        startAgent(credential)
        changed()
        await write()
      })
    },
    /** Disconnects but keeps the identity: the node leaves (Offline, reason Left) and its pods move elsewhere at once. */
    pause() {
      return serial(async () => {
        snap = { ...snap, config: { ...snap.config, paused: true } }
        await stopAgent({ leave: true, reason: 'paused from the dashboard' })
        snap = { ...snap, state: 'stopped', detail: 'paused' }
        changed()
        await write()
      })
    },
    /** Leaves and has the server delete the node, forgets the identity and the saved state: this device is no node any more. */
    leave() {
      return serial(async () => {
        const name = snap.config.name
        await stopAgent({ leave: true, remove: true, reason: 'left from the dashboard' })
        if (name)
          await deps
            .runtime(name)
            .identity.clear()
            .catch(() => {})
        pods.clear()
        snap = {
          config: { name, labels: snap.config.labels, joined: false, paused: false },
          state: 'idle',
          pods: [],
          logs: {},
          savedAt: Date.now(),
        }
        changed()
        await write()
      })
    },
  }
}
export type DeviceNode = ReturnType<typeof createDeviceNode>
