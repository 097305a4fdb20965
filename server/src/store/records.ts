/**
 * The server's records: what the repositories read and write and the in-memory cluster state
 * holds. Times are epoch milliseconds; the REST layer turns them into ISO strings.
 */
import type {
  Labels,
  NodeAffinity,
  NodeCondition,
  NodeRuntime,
  NodeStatus,
  PackRuntime,
  PodNetworkMode,
  PodStatus,
  ResourceRequest,
  Resources,
  RestartPolicy,
  Taint,
  Toleration,
  Visibility,
} from '@stark/shared'

export const roles = ['admin', 'user', 'node', 'viewer'] as const
export type Role = (typeof roles)[number]

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  role: Role
  disabled: boolean
  createdAt: number
}

export interface SessionRecord {
  id: string
  userId: string
  refreshHash: string
  expiresAt: number
  revokedAt: number | null
}

export interface NamespaceRecord {
  name: string
  ownerId: string | null
  createdAt: number
}

export interface PackRecord {
  id: string
  name: string
  version: string
  ownerId: string
  namespace: string
  runtime: PackRuntime
  visibility: Visibility
  sha256: string
  size: number
  description: string | null
  createdAt: number
}

export interface NodeRecord {
  id: string
  name: string
  runtime: NodeRuntime
  ownerId: string | null
  status: NodeStatus
  /** Why the node has its status (`Left`: it stopped on purpose; `Disconnected`, `NodeSilent`, …). */
  statusReason?: string | null
  labels: Labels
  taints: Taint[]
  allocatable: Resources
  unschedulable: boolean
  trusted: boolean
  agentVersion: string | null
  /**
   * What the agent reports wrong with its node now (ResourcePressure …). Held in memory only: the
   * agent says it again when it registers and with every heartbeat.
   */
  conditions?: NodeCondition[]
  /** What its pods may connect to, as the agent said when it registered (memory only, like conditions). */
  podNetwork?: PodNetworkMode
  lastHeartbeatAt: number | null
  connectedAt: number | null
  createdAt: number
  updatedAt: number
}

/** What a pod asks for; fixed at creation. */
export interface PodSpec {
  resources: ResourceRequest
  selector: Labels
  tolerations: Toleration[]
  /** Required and preferred node affinity (absent: any node). */
  affinity?: NodeAffinity
  /** The priority class the pod's priority came from, if it was created with one. */
  priorityClass?: string
  env: Record<string, string>
  args: string[]
  restartPolicy: RestartPolicy
  /** The service that owns this pod, if any (see services/). */
  service?: PodServiceRef
  /** Secrets (names, in the pod's namespace) whose keys join its environment on its node only. */
  secrets?: string[]
}

/** A service pod's owner: the service, the version (template) it was made from, its node (DaemonSet). */
export interface PodServiceRef {
  id: string
  name: string
  /** The service's pack version when this pod was made: the pod is up to date while it matches. */
  packId: string
  /** The hash of the service's template this pod was made from (services/service-template.ts; absent: ''). */
  templateHash?: string
  /** DaemonSet mode: the node this pod belongs on. */
  nodeId?: string
}

export interface PodRecord {
  id: string
  name: string
  namespace: string
  ownerId: string
  packId: string
  status: PodStatus
  reason: string | null
  message: string | null
  nodeId: string | null
  incarnation: number
  restarts: number
  priority: number
  spec: PodSpec
  /** Its labels (a service's pods: the service's plus `stark.io/service=<name>`); lists select on them. */
  labels: Labels
  exitCode: number | null
  createdAt: number
  updatedAt: number
  scheduledAt: number | null
  startedAt: number | null
  finishedAt: number | null
  deletedAt: number | null
}

export type EventCategory = 'pod' | 'node' | 'service' | 'pack' | 'system' | 'auth' | 'scheduler' | 'audit'
export type EventSeverity = 'info' | 'warning' | 'error'

export interface EventInput {
  type: string
  category: EventCategory
  severity?: EventSeverity
  resourceType?: string
  resourceId?: string
  resourceName?: string
  namespace?: string | null
  ownerId?: string | null
  previousState?: string | null
  newState?: string | null
  reason?: string | null
  message?: string | null
  correlationId?: string | null
  actorId?: string | null
}

export interface EventRecord extends Required<Omit<EventInput, 'severity'>> {
  id: number
  severity: EventSeverity
  /** When it first happened. */
  createdAt: number
  /** How often it happened (a repeat within the aggregation window adds to this row). */
  count: number
  /** When it last happened (createdAt for an event seen once). */
  lastSeen: number
}

export interface LogRecord {
  podId: string
  incarnation: number
  ts: number
  stream: 'stdout' | 'stderr'
  line: string
}
