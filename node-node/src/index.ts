/**
 * @stark/node-node: the Node.js agent. `startNodeAgent` wires the Node runtime into the shared agent
 * core and starts it. It installs no signal handlers and never exits the process: the CLI owns that.
 */
import {
  createAgent,
  type Agent,
  type StopOptions,
  type BackoffOptions,
  type Labels,
  type Logger,
  type Resources,
  type Taint,
} from '@stark/shared'
import { createNodeRuntime, type Isolation } from './runtime'
import type { PodNetwork, PodUser } from './pod-process-pool'
import { defaultAllocatable } from './resources'
import { createLogger, withDynamicFields } from './logger'

export interface NodeAgentOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  serverUrl: string
  /** A user token or join token, used when this node has no identity yet. */
  credential?: string
  name: string
  labels?: Labels
  taints?: Taint[]
  /** What to offer; anything left out comes from the machine (see defaultAllocatable). */
  allocatable?: Partial<Resources>
  /** $STARK_HOME. */
  home: string
  log?: Logger
  /** Accept any TLS certificate from the server. */
  insecure?: boolean
  agentVersion?: string
  reconnect?: Partial<BackoffOptions>
  shutdownGracePeriodMs?: number
  /** 'process' (default): a process per pod under Node's permission model; 'worker': worker threads (no security boundary). */
  isolation?: Isolation
  /** Idle pod processes (or spare workers) kept ready per heap size (default 2). */
  warmPool?: number
  /** Run pod processes as this OS user (for an agent running as root). */
  podUser?: PodUser
  /** What pod processes may connect to: 'default' (nothing on this machine, no link-local, no unix sockets, no UDP), 'restricted' (nor private ranges), 'open' (admins only). */
  podNetwork?: PodNetwork
  /** Nice value of pods, below the agent's (default 10; 0: the agent's own priority). */
  podNice?: number
}

/** Said at start by an agent whose pods may reach its machine. */
export const OPEN_NETWORK_WARNING =
  '!!! POD NETWORK OPEN: pods on this node can reach this machine (its loopback services, its own addresses, unix sockets, UDP). Only an admin may register such a node; run only trusted packs here. !!!'

export interface NodeAgent {
  agent: Agent
  /**
   * Leaves on purpose (the server marks the node Offline, reason Left, and replaces its pods at
   * once), stops every pod (reported Stopped: NodeShutdown) and closes the connection.
   */
  stop(options?: StopOptions): Promise<void>
}

export function startNodeAgent(options: NodeAgentOptions): NodeAgent {
  const base = options.log ?? createLogger()
  let agent: Agent | undefined
  const log = withDynamicFields(base, () => ({ node: options.name, nodeId: agent?.nodeId }))
  if (options.podNetwork === 'open' && (options.isolation ?? 'process') === 'process') {
    log.warn(OPEN_NETWORK_WARNING)
  }
  const runtime = createNodeRuntime({
    home: options.home,
    name: options.name,
    log,
    ...(options.insecure ? { insecure: true } : {}),
    ...(options.isolation ? { isolation: options.isolation } : {}),
    ...(options.warmPool !== undefined ? { warmPool: options.warmPool } : {}),
    ...(options.podUser ? { podUser: options.podUser } : {}),
    ...(options.podNetwork ? { podNetwork: options.podNetwork } : {}),
    ...(options.podNice !== undefined ? { podNice: options.podNice } : {}),
  })
  agent = createAgent(runtime, {
    serverUrl: options.serverUrl,
    name: options.name,
    allocatable: defaultAllocatable(options.allocatable),
    ...(options.credential !== undefined ? { credential: options.credential } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    ...(options.taints ? { taints: options.taints } : {}),
    ...(options.agentVersion ? { agentVersion: options.agentVersion } : {}),
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    ...(options.shutdownGracePeriodMs !== undefined ? { shutdownGracePeriodMs: options.shutdownGracePeriodMs } : {}),
    // Worker threads check no network at all: as far as the server can tell, that is open.
    podNetwork: options.isolation === 'worker' ? 'open' : (options.podNetwork ?? 'default'),
  })
  agent.start()
  const started = agent
  return {
    agent: started,
    async stop(stopOptions?: StopOptions) {
      await started.stop(stopOptions)
      runtime.close()
    },
  }
}

export { createNodeRuntime, isolations, type Isolation, type NodeAgentRuntime, type NodeRuntimeOptions } from './runtime'
export { createLogger, prettyLines, withDynamicFields, type LoggerOptions, type LogLevel } from './logger'
export { defaultAllocatable, hostFacts, memoryReserveMb, DEFAULT_MAX_PODS, type HostFacts } from './resources'
export { createBundleCache, type BundleCache, type FetchLike } from './bundle-cache'
export { createFileIdentityStore, identityFileName } from './identity-store'
export { connectWebSocket, SERVER_PING_INTERVAL_MS, type WsSocketOptions } from './ws-socket'
export { createWorkerExecutor, type WorkerExecutor, type WorkerExecutorOptions } from './worker-executor'
export { createProcessExecutor, residentLimitMb, type ProcessExecutor, type ProcessExecutorOptions } from './process-executor'
export { podNetworks, podProcessFlags, type PodNetwork, type PodUser } from './pod-process-pool'
export { parsePodUser } from './pod-user'
export { readProcFacts, readProcStats, readPssBytes, type ProcFacts, type ProcStats } from './proc-stats'
