/**
 * The Node.js AgentRuntime: `ws` sockets, bundles cached under $STARK_HOME, pods in worker_threads,
 * the node identity in a 0600 file. The agent core (from @stark/shared) does the rest.
 */
import { realClock, silentLogger, type AgentRuntime, type Clock, type Logger, type Rng } from '@stark/shared'
import { connectWebSocket } from './ws-socket'
import { createBundleCache, type FetchLike } from './bundle-cache'
import { createFileIdentityStore } from './identity-store'
import { createWorkerExecutor } from './worker-executor'
import { insecureFetch } from './insecure-fetch'

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
}

export function createNodeRuntime(options: NodeRuntimeOptions): AgentRuntime {
  const clock = options.clock ?? realClock
  const log = options.log ?? silentLogger
  const bundles = createBundleCache({
    home: options.home,
    log,
    ...(options.fetch ? { fetch: options.fetch } : options.insecure ? { fetch: insecureFetch } : {}),
  })
  const executor = createWorkerExecutor({ clock, log, ...(options.minPodHeapMb ? { minHeapMb: options.minPodHeapMb } : {}) })

  return {
    kind: 'node',
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
    loadBundle: (sha256, url, token) => bundles.load(sha256, url, token),
    startPod: (assignment, nodeId, bundle, io) => executor.start(assignment, nodeId, String(bundle), io),
  }
}
