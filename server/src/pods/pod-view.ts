import type { ClusterState } from '../state/cluster-state'
import { iso } from '../store/convert'
import type { PodRecord } from '../store/records'

/** A pod's latest reported usage (CPU millicores, memory MB, when), if its node reported one. */
export type PodUsageLookup = (podId: string) => { cpu: number; memory: number; at: number } | null

/** The REST/CLI shape of a pod (see DESIGN.md §3). */
export function podView(p: PodRecord, state: ClusterState, usageOf?: PodUsageLookup) {
  const usage = usageOf?.(p.id) ?? null
  const pack = state.packs.get(p.packId)
  const node = p.nodeId ? state.nodes.get(p.nodeId) : undefined
  return {
    id: p.id,
    name: p.name,
    namespace: p.namespace,
    status: p.status,
    reason: p.reason,
    message: p.message,
    nodeId: p.nodeId,
    nodeName: node?.name ?? null,
    pack: {
      id: p.packId,
      namespace: pack?.namespace ?? '?',
      name: pack?.name ?? '?',
      version: pack?.version ?? '?',
      runtime: pack?.runtime ?? 'universal',
    },
    service: p.spec.service?.name ?? null,
    incarnation: p.incarnation,
    restarts: p.restarts,
    priority: p.priority,
    resources: p.spec.resources,
    labels: p.labels,
    selector: p.spec.selector,
    tolerations: p.spec.tolerations,
    affinity: p.spec.affinity ?? null,
    priorityClass: p.spec.priorityClass ?? null,
    restartPolicy: p.spec.restartPolicy,
    env: p.spec.env,
    secrets: p.spec.secrets ?? [],
    args: p.spec.args,
    exitCode: p.exitCode,
    ownerId: p.ownerId,
    createdAt: iso(p.createdAt)!,
    scheduledAt: iso(p.scheduledAt),
    startedAt: iso(p.startedAt),
    finishedAt: iso(p.finishedAt),
    deletedAt: iso(p.deletedAt),
    usage: usage ? { cpu: usage.cpu, memory: usage.memory, at: iso(usage.at)! } : null,
  }
}
export type PodView = ReturnType<typeof podView>
