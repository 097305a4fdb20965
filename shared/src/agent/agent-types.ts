/**
 * The agent core's public shapes: its options, states, events and the handle createAgent returns.
 */
import type { Labels } from '../model/labels'
import type { Taint } from '../model/taints'
import type { Resources } from '../model/resources'
import type { PodNetworkMode } from '../model/node'
import type { BackoffOptions } from './backoff'
import type { LocalPod } from './local-pod'

export type AgentState = 'idle' | 'connecting' | 'registering' | 'ready' | 'backoff' | 'stopped'

export interface AgentOptions {
  /**
   * The server's base URL, e.g. `http://127.0.0.1:8080` (the WebSocket is `<base>/ws`), or a
   * comma-separated list of servers on one database: the agent moves to the next when one fails.
   */
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
  /** How long stop() waits for the server to acknowledge `node:leave` (ms, default 2000). */
  leaveTimeoutMs?: number
  /** What its pods may connect to, told to the server (which lets only admins run `open` nodes). */
  podNetwork?: PodNetworkMode
}

export interface StopOptions {
  /** Tell the server this node leaves on purpose (default true): it is Offline (Left) and its pods are replaced at once. */
  leave?: boolean
  /** Ask the server to delete the node as well, and forget this identity (the dashboard's Leave). */
  remove?: boolean
  /** Why, for the server's event (e.g. `SIGTERM`). */
  reason?: string
}

export type AgentEvent =
  | { type: 'state'; state: AgentState; detail?: string }
  | { type: 'pod'; pod: LocalPod }
  | { type: 'log'; podId: string; stream: 'stdout' | 'stderr'; line: string }

export interface Agent {
  start(): void
  /**
   * Stops on purpose: tells the server it leaves (waiting briefly for its answer), stops every pod
   * gracefully, and closes the connection.
   */
  stop(options?: StopOptions): Promise<void>
  readonly state: AgentState
  readonly nodeId: string | undefined
  pods(): LocalPod[]
  on(listener: (event: AgentEvent) => void): () => void
}
