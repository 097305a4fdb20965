/**
 * What a runtime (Node.js process, browser page) supplies to the one agent core. Everything that
 * touches a socket, a thread, storage or the network lives behind this interface.
 */
import type { Clock } from '../time/clock'
import type { Rng } from '../random'
import type { Logger } from '../log'
import type { NodeRuntime } from '../model/pack'
import type { PodAssignment } from '../protocol/messages'
import type { DeviceReport } from '../model/device'
import type { NodeCondition } from '../model/node'

export interface SocketHandlers {
  onOpen(): void
  onMessage(data: string): void
  /** `code` 4401 means the server refused the credential. */
  onClose(code: number, reason: string): void
}

export interface AgentSocket {
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** The identity a node keeps across restarts. */
export interface NodeIdentity {
  nodeId: string
  nodeToken: string
  name: string
}

export interface IdentityStore {
  load(): Promise<NodeIdentity | null>
  save(identity: NodeIdentity): Promise<void>
  clear(): Promise<void>
}

export interface PodExit {
  status: 'Succeeded' | 'Failed' | 'Stopped'
  reason?: string
  message?: string
  exitCode?: number
}

/** One run of a pod on this node. */
export interface PodRun {
  /**
   * Settles once the pack has returned, thrown, been stopped, or died. Never rejects. Every line of
   * the run's output has gone through `PodIO.log` by then. A run stopped before it ended is `Stopped`.
   */
  readonly done: Promise<PodExit>
  /**
   * Aborts the pack's signal, then terminates it after `gracePeriodMs`. May be called again: a
   * shorter grace period takes over, a longer one changes nothing.
   */
  stop(gracePeriodMs: number): void
  /** Recent resource use, when the runtime can measure it. */
  usage?(): { cpu: number; memory: number } | undefined
}

export interface PodIO {
  log(stream: 'stdout' | 'stderr', line: string): void
}

/** An opaque handle to a fetched, verified bundle (a file path, a blob URL, …). */
export type BundleRef = unknown

/** How a platform opens an agent's socket to the server (what `AgentRuntime.connect` calls), with its own options. */
export type ConnectSocket<Options> = (url: string, token: string, handlers: SocketHandlers, options?: Options) => AgentSocket

export interface AgentRuntime {
  readonly kind: NodeRuntime
  connect(url: string, token: string, handlers: SocketHandlers): AgentSocket
  /** Fetches the bundle from `url` unless cached, verifies its sha256, and returns a handle. */
  loadBundle(sha256: string, url: string, token: string): Promise<BundleRef>
  startPod(assignment: PodAssignment, nodeId: string, bundle: BundleRef, io: PodIO): PodRun
  readonly identity: IdentityStore
  /** What the node itself uses beside its pods (a browser page's JS heap, MB), when the runtime can say. */
  nodeUsage?(): { memory: number } | undefined
  /** What is wrong with this node now (e.g. it cannot start pods for want of descriptors). */
  conditions?(): NodeCondition[]
  /** Calls `listener` when conditions() changes, so the server hears it before the next heartbeat. */
  onConditionsChange?(listener: () => void): void
  /** The device's live labels and taints (browser nodes); sent after registering and on change. */
  device?(): DeviceReport
  /** Calls `listener` when device() changes; returns what stops that (the agent calls it on stop). */
  onDeviceChange?(listener: () => void): (() => void) | void
  readonly clock: Clock
  readonly rng: Rng
  readonly log: Logger
}

/** What the node reports using itself beside its pods, when it is a believable figure. */
export function nodeUsage(u: { memory: number } | undefined): { memory: number } | undefined {
  return u && u.memory >= 0 && Number.isFinite(u.memory) ? { memory: u.memory } : undefined
}

/** Close code a server uses when the token is missing, expired or revoked. */
export const CLOSE_UNAUTHORIZED = 4401
/** Close code when the node identity is unknown to the server (e.g. a new data directory). */
export const CLOSE_UNKNOWN_NODE = 4404
/** Close code when another connection took over this node. */
export const CLOSE_REPLACED = 4409
/**
 * Close code when the server refuses a registration for good: a join link that was used, a
 * credential that may not add nodes. Trying again would not help, so the agent stops.
 */
export const CLOSE_REGISTRATION_REFUSED = 4403
/**
 * Close code when the node was deleted (`stark node delete`): its identity is gone for good, so the
 * agent forgets it and stops; started again, it joins as a new node.
 */
export const CLOSE_NODE_DELETED = 4410
