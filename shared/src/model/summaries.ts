/**
 * What every REST client may rely on in the list answers (`GET /api/nodes`, `/api/pods`,
 * `/api/services`): the fields a dashboard or a script reads. The server's full views carry more
 * and are checked against these (server/src/rest-summaries.test.ts); the dashboard reads only these.
 */
import type { Labels } from './labels'
import type { NodeStatus } from './node'
import type { NodeRuntime } from './pack'
import type { PodStatus } from './pod'
import type { Resources } from './resources'

export interface NodeSummary {
  id: string
  name: string
  runtime: NodeRuntime
  status: NodeStatus
  labels: Labels
  allocatable: Resources
  allocated: Resources
  lastHeartbeatAt: string | null
  /** The user who joined it; null: shared (only admins change it). */
  ownerId: string | null
}

export interface PodSummary {
  id: string
  name: string
  namespace: string
  status: PodStatus
  reason: string | null
  message: string | null
  nodeName: string | null
  pack: { name: string; version: string }
  restarts: number
  service: string | null
  incarnation: number
  ownerId: string | null
}

export interface ServiceSummary {
  name: string
  namespace: string
  mode: string
  pack: { name: string; version: string }
  replicas: number | null
  counts: { desired: number; ready: number; current: number; updated: number; available: number }
  /** The latest condition (Available, Progressing, RolledBack, RolloutFailed, Paused, …). */
  condition: { type: string; reason: string; message: string; at: string } | null
  /** The rollout under way, if any. */
  rollout: { from: { version: string } | null; to: { version: string }; startedAt: string; rollback: boolean } | null
  /** The last version that became available, and the last one whose rollout failed. */
  healthyVersion: { version: string } | null
  failedVersion: { version: string } | null
  ownerId: string | null
}

/** A list answer: its items and, when there are more, the cursor of the next page. */
export interface ListAnswer<T> {
  items: T[]
  nextCursor?: string | null
}
