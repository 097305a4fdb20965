/**
 * The browser AgentRuntime: a page WebSocket, bundles in Cache Storage, pods in sandboxed
 * Comlink workers, the node identity in IndexedDB. The agent core (from @stark/shared) does the
 * rest — the same core the Node.js agent runs.
 */
import { realClock, silentLogger, type AgentRuntime, type Clock, type Logger, type NodeIdentity, type Rng } from '@stark/shared'
import { createBundleCache } from './bundle-cache'
import type { DeviceWatch } from './device-watch'
import { keyValueStore, openDatabase } from './idb'
import { createIdbIdentityStore } from './identity-store'
import { pageMemoryMb } from './page-memory'
import { createSandboxExecutor } from './sandbox-executor'
import { connectBrowserSocket } from './ws-socket'

export interface BrowserRuntimeOptions {
  /** The node's name (its identity record's key). */
  name: string
  /** The pack worker's program text (see loadWorkerSource). */
  workerSource: () => Promise<string>
  /** IndexedDB database name (default "stark"; tests use fresh ones). */
  database?: string
  /** Cache Storage cache for bundles (default "stark-bundles-v1"). */
  bundleCache?: string
  clock?: Clock
  rng?: Rng
  log?: Logger
  /** Where sandbox frames go (default document.body). */
  container?: () => HTMLElement
  /** Where UI packs' visible frames go (default document.body). */
  views?: () => HTMLElement
  /** The device's live labels and taints (power, battery, visibility, WebGPU). */
  device?: DeviceWatch
}

export function createBrowserRuntime(options: BrowserRuntimeOptions): AgentRuntime {
  const clock = options.clock ?? realClock
  const log = options.log ?? silentLogger
  const db = openDatabase(options.database)
  const bundles = createBundleCache({ log, ...(options.bundleCache ? { cacheName: options.bundleCache } : {}) })
  const executor = createSandboxExecutor({
    clock,
    log,
    workerSource: options.workerSource,
    ...(options.container ? { container: options.container } : {}),
    ...(options.views ? { views: options.views } : {}),
  })
  return {
    kind: 'browser',
    clock,
    rng: options.rng ?? Math.random,
    log,
    identity: createIdbIdentityStore(keyValueStore<NodeIdentity>(db, 'identity'), options.name),
    connect: (url, token, handlers) => connectBrowserSocket(url, token, handlers),
    loadBundle: (sha256, url, token) => bundles.load(sha256, url, token),
    startPod: (assignment, nodeId, bundle, io) => executor.start(assignment, nodeId, String(bundle), io),
    nodeUsage: () => pageMemoryMb(),
    ...(options.device ? { device: options.device.report, onDeviceChange: options.device.onChange } : {}),
  }
}

/** Fetches the built pack worker once (from the service worker's precache when offline). */
export function loadWorkerSource(url: string): () => Promise<string> {
  let text: Promise<string> | undefined
  return () => {
    text ??= fetch(url).then((r) => {
      if (!r.ok) throw new Error(`could not load the pack worker: HTTP ${r.status}`)
      return r.text()
    })
    text.catch(() => (text = undefined))
    return text
  }
}
