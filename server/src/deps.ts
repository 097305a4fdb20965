/** Everything the HTTP and WebSocket layers reach for, built once in the composition root. */
import type { Clock, Logger, Rng } from '@stark/shared'
import type { AuthOps } from './auth/auth-ops'
import type { ListenerStats } from './cluster/listener'
import type { ServerInfo } from './cluster/server-registry'
import type { SqlClient } from './db/sql'
import type { NodeOps } from './nodes/node-ops'
import type { NodeLifecycle } from './nodes/node-lifecycle'
import type { NodeHealthView } from './controllers/mass-outage'
import type { PackOps } from './packs/pack-ops'
import type { LogStore } from './pods/log-store'
import type { PodRollback } from './pods/pod-rollback'
import type { PodOps } from './pods/pod-ops'
import type { PriorityClassOps } from './priority-classes/priority-class-ops'
import type { SchedulerProfileOps } from './scheduler/profile-ops'
import type { Services } from './services/services'
import type { ClusterState } from './state/cluster-state'
import type { EventBus } from './state/event-bus'
import type { WriteQueue } from './state/write-queue'
import type { NodeConnections } from './ws/node-connections'
import type { Metrics } from './metrics/metrics'
import type { UsageStore } from './metrics/usage-store'
import type { NamespaceOps } from './namespaces/namespace-ops'
import type { SecretOps } from './secrets/secret-ops'
import type { UserAdmin } from './auth/user-admin'
import type { ClientAddress } from './http/middleware/client-address'
import type { Watches } from './http/watch/watch-stream'

export interface Limits {
  /** Largest request body (bytes); pack uploads are the big ones. */
  maxBodyBytes: number
  maxBundleBytes: number
  /** Login/setup attempts per client per minute. */
  authAttemptsPerMinute: number
  /** WebSocket messages per second per connection (burst twice that). */
  wsMessagesPerSecond: number
  /** Failed logins per account per 15 minutes before that account answers 429. */
  loginFailuresPerAccount: number
  /** List watches (`?watch=true`) one caller may hold open at once. */
  watchesPerCaller: number
  /** Recent changes kept per kind for watches to resume from (older versions answer 410). */
  watchWindow: number
  /** How often an idle watch sends a keepalive comment (ms). */
  watchHeartbeatMs: number
}

export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 12 * 1024 * 1024,
  maxBundleBytes: 10 * 1024 * 1024,
  authAttemptsPerMinute: 20,
  wsMessagesPerSecond: 200,
  loginFailuresPerAccount: 10,
  watchesPerCaller: 16,
  watchWindow: 5000,
  watchHeartbeatMs: 15_000,
}

export interface ServerDeps {
  db: SqlClient
  state: ClusterState
  writes: WriteQueue
  bus: EventBus
  auth: AuthOps
  /** The client's address for throttling (X-Forwarded-For only from trusted proxies). */
  clientAddress: ClientAddress
  pods: PodOps
  /** `pod rollback`: a pod's previous version, for real. */
  podRollback: PodRollback
  /** Services: desired state the service controller converges to. */
  services: Services
  priorityClasses: PriorityClassOps
  /** The scheduler's scoring profile (a cluster setting). */
  schedulerProfile: SchedulerProfileOps
  nodes: NodeOps
  /** Nodes leaving, deleted and drained. */
  lifecycle: NodeLifecycle
  /** The node-health controller's view: the mass-outage guard, and resuming evictions. */
  nodeHealth: NodeHealthView
  packs: PackOps
  logs: LogStore
  connections: NodeConnections
  clock: Clock
  rng: Rng
  log: Logger
  limits: Limits
  version: string
  /** What pods use, as their nodes report it in heartbeats. */
  usage: UsageStore
  metrics: Metrics
  namespaces: NamespaceOps
  secrets: SecretOps
  /** Users beyond the first admin, and self-registration. */
  users: UserAdmin
  /** The servers on this database and this one's part among them. */
  cluster?: ClusterView
  /** Recent changes of pods, services, nodes and events, and the open list watches. */
  watches: Watches
}

export interface ClusterView {
  readonly serverId: string
  readonly isLeader: boolean
  /** The connection this server LISTENs on for the others' changes (PostgreSQL only). */
  listening?(): ListenerStats | undefined
  servers(): Promise<ServerInfo[]>
}
