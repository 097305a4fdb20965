/**
 * Fixture builders for service tests: a service record, its pods in any state, plan nodes, and a
 * readiness function ("ready since it started").
 */
import type { NodeStatus } from '@stark/shared'
import type { PodRecord } from '../../store/records'
import type { ServiceRecord } from '../../store/services'
import type { ReadySince } from '../plan-pods'
import type { PlanNode } from '../plan-types'

export const T0 = Date.UTC(2026, 0, 1)

export function makeService(patch: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    id: 'svc-1',
    name: 'web',
    namespace: 'default',
    ownerId: 'owner',
    packId: 'v2',
    mode: 'replicas',
    replicas: 3,
    followLatest: false,
    maxSurge: 1,
    maxUnavailable: 0,
    minReadySeconds: 0,
    labels: {},
    template: { selector: {}, tolerations: [], resources: { cpu: 100, memory: 64 }, priority: 0, env: {}, args: [] },
    templateHash: '',
    paused: false,
    healthyPackId: null,
    healthyTemplateHash: null,
    healthyTemplate: null,
    failedPackId: null,
    rollout: null,
    condition: null,
    generation: 1,
    createdAt: T0,
    updatedAt: T0,
    deletedAt: null,
    ...patch,
  }
}

let seq = 0

export interface PodOptions {
  /** The service version the pod was made from (default the service's). */
  version?: string
  /** The template hash the pod was made from (default the service's). */
  templateHash?: string
  status?: PodRecord['status']
  nodeId?: string | null
  /** DaemonSet target node (default: nodeId in DaemonSet mode). */
  target?: string
  startedAt?: number | null
  createdAt?: number
  deleted?: boolean
  restarts?: number
  name?: string
}

export function makeServicePod(service: ServiceRecord, o: PodOptions = {}): PodRecord {
  const n = ++seq
  const status = o.status ?? 'Running'
  const nodeId = o.nodeId === undefined ? (status === 'Pending' ? null : 'n1') : o.nodeId
  const target = o.target ?? (service.mode === 'daemonset' && nodeId ? nodeId : undefined)
  return {
    id: `pod-${n}`,
    name: o.name ?? `${service.name}-${n}`,
    namespace: service.namespace,
    ownerId: service.ownerId,
    packId: o.version ?? service.packId,
    status,
    reason: null,
    message: null,
    nodeId,
    incarnation: nodeId ? 1 : 0,
    restarts: o.restarts ?? 0,
    priority: 0,
    labels: { 'stark.io/service': service.name },
    spec: {
      resources: { cpu: 100, memory: 64 },
      selector: {},
      tolerations: [],
      env: {},
      args: [],
      restartPolicy: 'Always',
      service: {
        id: service.id,
        name: service.name,
        packId: o.version ?? service.packId,
        ...((o.templateHash ?? service.templateHash) ? { templateHash: o.templateHash ?? service.templateHash } : {}),
        ...(target ? { nodeId: target } : {}),
      },
    },
    exitCode: null,
    createdAt: o.createdAt ?? T0 + n,
    updatedAt: T0,
    scheduledAt: nodeId ? T0 : null,
    startedAt: o.startedAt === undefined ? (status === 'Running' ? T0 : null) : o.startedAt,
    finishedAt: null,
    deletedAt: o.deleted ? T0 : null,
  }
}

export function planNode(id: string, patch: Partial<PlanNode> = {}): PlanNode {
  return { id, name: id, status: 'Ready' as NodeStatus, eligible: true, ...patch }
}

export const nodeMap = (...nodes: PlanNode[]) => new Map(nodes.map((n) => [n.id, n]))

/** Running pods are ready from when they started. */
export const readyWhenRunning: ReadySince = (p) => (p.status === 'Running' ? (p.startedAt ?? T0) : null)
