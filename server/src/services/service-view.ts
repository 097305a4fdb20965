/**
 * The REST/CLI shape of a service: its desired state, the live counts (desired / current / ready /
 * up to date / available, computed from its pods now), its condition, and — for `status` — its
 * pods with their nodes.
 */
import type { ClusterState } from '../state/cluster-state'
import { iso } from '../store/convert'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { isAvailable, isLive, isUpdated } from './plan-pods'
import type { Readiness } from './readiness'

export interface ServiceViewDeps {
  state: ClusterState
  readiness: Pick<Readiness, 'readySince'>
  now: number
  /** The number of nodes a DaemonSet belongs on (computed by the controller's filters). */
  daemonSetDesired?: number | undefined
  rolloutFailures?: number | undefined
  /** The service's computed ready count (service-ready.ts); counted from `pods` when absent. */
  readyCount?: number | undefined
}

const packRef = (state: ClusterState, id: string | null) => {
  if (!id) return null
  const p = state.packs.get(id)
  return { id, namespace: p?.namespace ?? '?', name: p?.name ?? '?', version: p?.version ?? '?' }
}

export function servicePodView(p: PodRecord, s: ServiceRecord, d: ServiceViewDeps) {
  const nodeReady = p.nodeId !== null && d.state.nodes.get(p.nodeId)?.status === 'Ready'
  const pack = d.state.packs.get(p.packId)
  return {
    name: p.name,
    status: p.status,
    reason: p.reason,
    message: p.message,
    nodeName: p.nodeId ? (d.state.nodes.get(p.nodeId)?.name ?? null) : null,
    version: pack?.version ?? '?',
    upToDate: isUpdated(p, s),
    ready: d.readiness.readySince(p, nodeReady) !== null,
    available: isAvailable(p, s, (q) => d.readiness.readySince(q, nodeReady), d.now),
    restarts: p.restarts,
    incarnation: p.incarnation,
    deleting: p.deletedAt !== null,
    createdAt: iso(p.createdAt)!,
  }
}

export function serviceView(s: ServiceRecord, pods: readonly PodRecord[], d: ServiceViewDeps) {
  const views = pods.map((p) => servicePodView(p, s, d))
  const live = views.filter((_, i) => isLive(pods[i]!))
  const desired = s.mode === 'daemonset' ? (d.daemonSetDesired ?? live.length) : s.replicas
  const pack = packRef(d.state, s.packId)!
  return {
    id: s.id,
    name: s.name,
    namespace: s.namespace,
    mode: s.mode,
    pack,
    replicas: s.replicas,
    followLatest: s.followLatest,
    paused: s.paused,
    deleting: s.deletedAt !== null,
    labels: s.labels,
    strategy: { maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, minReadySeconds: s.minReadySeconds },
    counts: {
      desired,
      current: live.length,
      ready: d.readyCount ?? live.filter((p) => p.ready).length,
      updated: live.filter((p) => p.upToDate).length,
      available: live.filter((p) => p.available).length,
    },
    condition: s.condition
      ? { type: s.condition.type, reason: s.condition.reason, message: s.condition.message, at: iso(s.condition.at)! }
      : null,
    rollout: s.rollout
      ? {
          from: packRef(d.state, s.rollout.fromPackId),
          to: pack,
          startedAt: iso(s.rollout.startedAt)!,
          rollback: s.rollout.rollback,
          failures: d.rolloutFailures ?? 0,
        }
      : null,
    healthyVersion: packRef(d.state, s.healthyPackId),
    failedVersion: packRef(d.state, s.failedPackId),
    templateHash: s.templateHash,
    template: {
      selector: s.template.selector,
      tolerations: s.template.tolerations,
      affinity: s.template.affinity ?? null,
      resources: s.template.resources,
      priority: s.template.priority,
      priorityClass: s.template.priorityClass ?? null,
      env: s.template.env,
      args: s.template.args,
    },
    ownerId: s.ownerId,
    generation: s.generation,
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
  }
}
export type ServiceView = ReturnType<typeof serviceView>
