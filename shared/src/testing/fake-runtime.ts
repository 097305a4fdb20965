/**
 * An in-memory AgentRuntime: sockets wired to a FakeServer, packs that are JavaScript functions
 * registered under a sha256, and an identity store in memory. Time is whatever clock it is given
 * (a fakeClock in unit tests), so the agent core runs deterministically.
 */
import type { AgentRuntime, NodeIdentity } from '../agent/runtime'
import type { Clock } from '../time/clock'
import { seededRng, type Rng } from '../random'
import { silentLogger, type Logger } from '../log'
import type { NodeRuntime } from '../model/pack'
import type { FakeServer } from './fake-server'
import { memoryLink, refusedLink, type MemoryLink } from './memory-socket'
import { createFunctionExecutor, type FakePack } from './function-executor'
import { createMemoryIdentityStore, type MemoryIdentityStore } from './memory-identity-store'

export interface FakeRuntimeOptions {
  server: FakeServer
  clock: Clock
  rng?: Rng
  kind?: NodeRuntime
  /** The identity "on disk" when the agent starts. */
  identity?: NodeIdentity | null
  log?: Logger
  /** Runs before a bundle is handed out (hold it with a deferred to test slow downloads). */
  beforeLoad?: (sha256: string) => Promise<void>
}

export interface FakeRuntime extends AgentRuntime {
  readonly identity: MemoryIdentityStore
  /** Registers a pack under a sha256 (a made-up one unless given); returns the sha256. */
  addPack(main: FakePack, sha256?: string): string
  /** While true, connection attempts fail before opening (the server is unreachable). */
  unreachable: boolean
  /** Cuts the current connection as a network failure would. */
  dropConnection(): void
  readonly connects: readonly { url: string; token: string }[]
  readonly bundleRequests: readonly { sha256: string; url: string; token: string }[]
  readonly runs: ReturnType<typeof createFunctionExecutor>['runs']
}

export function createFakeRuntime(options: FakeRuntimeOptions): FakeRuntime {
  const kind = options.kind ?? 'node'
  const packs = new Map<string, FakePack>()
  const executor = createFunctionExecutor(options.clock, kind)
  const connects: { url: string; token: string }[] = []
  const bundleRequests: { sha256: string; url: string; token: string }[] = []
  let link: MemoryLink | undefined
  let packCount = 0

  const runtime: FakeRuntime = {
    kind,
    clock: options.clock,
    rng: options.rng ?? seededRng(1),
    log: options.log ?? silentLogger,
    identity: createMemoryIdentityStore(options.identity ?? null),
    unreachable: false,
    connects,
    bundleRequests,
    runs: executor.runs,

    connect(url, token, handlers) {
      connects.push({ url, token })
      link = runtime.unreachable ? refusedLink(handlers) : memoryLink(options.server, token, handlers)
      return link.socket
    },

    async loadBundle(sha256, url, token) {
      bundleRequests.push({ sha256, url, token })
      await options.beforeLoad?.(sha256)
      if (!packs.has(sha256)) throw new Error(`bundle ${sha256} not found (HTTP 404)`)
      return sha256
    },

    startPod(assignment, nodeId, bundle, io) {
      const main = packs.get(bundle as string)
      if (!main) throw new Error(`no bundle loaded for ${String(bundle)}`)
      return executor.start(main, assignment, nodeId, io)
    },

    addPack(main, sha256) {
      const sha = sha256 ?? (++packCount).toString(16).padStart(64, 'a')
      packs.set(sha, main)
      return sha
    },

    dropConnection() {
      link?.drop()
    },
  }
  return runtime
}
