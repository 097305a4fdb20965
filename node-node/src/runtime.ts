/**
 * The Node.js AgentRuntime: `ws` sockets, bundles cached under $STARK_HOME, pods in their own
 * processes under Node's permission model (or, with `isolation: 'worker'`, in worker_threads,
 * which are no security boundary), the node identity in a 0600 file. The agent core (from
 * @stark/shared) does the rest.
 */
import { realClock, silentLogger, type AgentRuntime, type Clock, type Logger, type Rng } from '@stark/shared'
import { connectWebSocket } from './ws-socket'
import { createBundleCache, type FetchLike } from './bundle-cache'
import { createFileIdentityStore } from './identity-store'
import { createWorkerExecutor } from './worker-executor'
import { createProcessExecutor } from './process-executor'
import type { PodNetwork, PodUser } from './pod-process-pool'
import { insecureFetch } from './insecure-fetch'

/** How pods are kept from the agent: a process each (the default, a security boundary) or a worker thread each (none). */
export type Isolation = 'process' | 'worker'
export const isolations: readonly Isolation[] = ['process', 'worker']

export interface NodeRuntimeOptions {
  /** $STARK_HOME: bundles/ and nodes/ live here. */
  home: string
  /** The node's name (its identity file is `nodes/<name>.json`). */
  name: string
  clock?: Clock
  rng?: Rng
  log?: Logger
  /** Accept any TLS certificate from the server (self-signed). */
  insecure?: boolean
  /** Silence after which the server counts as gone (default 15 s: three of its pings). */
  deadAfterMs?: number
  /** Smallest heap a pod gets (MB, default 32). */
  minPodHeapMb?: number
  fetch?: FetchLike
  /** Default 'process'. */
  isolation?: Isolation
  /** Idle pod processes (or spare workers) kept ready per heap size (default 2). */
  warmPool?: number
  /** Run pod processes as this OS user (an agent running as root). */
  podUser?: PodUser
  /** What pod processes may connect to (default 'default'). */
  podNetwork?: PodNetwork
  /** Nice value of pods, below the agent's (pod-priority.ts; default 10, 0: the agent's own). */
  podNice?: number
}

export interface NodeAgentRuntime extends AgentRuntime {
  readonly isolation: Isolation
  /** Ends idle pod processes or spare workers (call after the agent has stopped its pods). */
  close(): void
}

export function createNodeRuntime(options: NodeRuntimeOptions): NodeAgentRuntime {
  const clock = options.clock ?? realClock
  const log = options.log ?? silentLogger
  const bundles = createBundleCache({
    home: options.home,
    log,
    ...(options.fetch ? { fetch: options.fetch } : options.insecure ? { fetch: insecureFetch } : {}),
  })
  const isolation = options.isolation ?? 'process'
  const heap = options.minPodHeapMb ? { minHeapMb: options.minPodHeapMb } : {}
  // What both pools take: spares kept per heap size, and the pods' nice value.
  const pool = {
    ...(options.warmPool !== undefined ? { warmPool: options.warmPool } : {}),
    ...(options.podNice !== undefined ? { nice: options.podNice } : {}),
  }
  const executor =
    isolation === 'worker'
      ? { ...createWorkerExecutor({ clock, log, ...heap, ...pool }), conditions: () => [], onConditionsChange() {} }
      : createProcessExecutor({
          clock,
          log,
          ...heap,
          ...pool,
          ...(options.podUser ? { user: options.podUser } : {}),
          ...(options.podNetwork ? { network: options.podNetwork } : {}),
        })

  return {
    kind: 'node',
    isolation,
    close: () => executor.close(),
    clock,
    rng: options.rng ?? Math.random,
    log,
    identity: createFileIdentityStore({ home: options.home, name: options.name }),
    connect: (url, token, handlers) =>
      connectWebSocket(url, token, handlers, {
        clock,
        log,
        ...(options.insecure ? { insecure: true } : {}),
        ...(options.deadAfterMs ? { deadAfterMs: options.deadAfterMs } : {}),
      }),
    conditions: () => executor.conditions(),
    onConditionsChange: (listener) => executor.onConditionsChange(listener),
    loadBundle: (sha256, url, token) => bundles.load(sha256, url, token),
    startPod: (assignment, nodeId, bundle, io) => executor.start(assignment, nodeId, String(bundle), io),
  }
}
