/**
 * `stark pod rollback <pod>`: run the pod's previous version for real. The previous version is the
 * highest version (semver) of the same pack below the one the pod runs (or the version asked
 * for). A bound pod gets a new incarnation on the same node with the old bundle (the agent ends the
 * old run and starts the new one); a Pending pod just changes version; a finished pod starts again
 * with it (on its node when that is Ready, else through the scheduler). A service pod keeps
 * counting as made from the service's template, so the service does not undo the rollback; the
 * next rollout of the service replaces it.
 */
import { compareSemver, isTerminal } from '@stark/shared'
import { assertCanWrite } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { conflict, forbidden, notFound } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { PackRecord, PodRecord } from '../store/records'
import { visibleVersions } from '../packs/pack-resolve'
import type { PodOps } from './pod-ops'
import { requeue } from './transitions'

export interface PodRollbackDeps {
  writes: WriteQueue
  state: ClusterState
  pods: Pick<PodOps, 'find'>
  /** After commit: send the new incarnation to its node. */
  assign(pod: PodRecord): void
}

/** Pure: the version just below `current` (semver) among `versions` of one pack. */
export function previousVersion(versions: readonly PackRecord[], current: PackRecord): PackRecord | undefined {
  let best: PackRecord | undefined
  for (const p of versions) {
    if (p.name !== current.name || p.id === current.id || compareSemver(p.version, current.version) >= 0) continue
    if (!best || compareSemver(p.version, best.version) > 0) best = p
  }
  return best
}

export function createPodRollback(deps: PodRollbackDeps) {
  const { writes, state } = deps

  function target(principal: Principal, pod: PodRecord, version: string | undefined): { from: PackRecord; to: PackRecord } {
    const from = state.packs.get(pod.packId)
    if (!from) throw notFound(`the pack of pod ${pod.name}`)
    const versions = visibleVersions(state.packs.values(), principal, from.namespace, from.name)
    if (version !== undefined) {
      const to = versions.find((p) => p.version === version)
      if (!to) throw notFound(`pack ${from.name}@${version}`)
      if (to.id === from.id) throw conflict(`pod ${pod.name} already runs ${from.name}@${version}`)
      return { from, to }
    }
    const to = previousVersion(versions, from)
    if (!to)
      throw conflict(`pod ${pod.name} runs ${from.name}@${from.version}, the oldest version you can use: nothing to roll back to`)
    return { from, to }
  }

  return {
    async rollback(
      principal: Principal,
      ref: string,
      namespace?: string,
      version?: string,
      correlationId?: string,
    ): Promise<PodRecord> {
      assertCanWrite(principal)
      const found = deps.pods.find(principal, ref, namespace)
      if (principal.role !== 'admin' && found.ownerId !== principal.id) throw forbidden(`you may not change pod ${found.name}`)
      const { from, to } = target(principal, found, version)
      return writes.run((tx) => {
        const pod = tx.pod(found.id)
        if (!pod || pod.packId !== from.id) throw conflict(`pod ${found.name} changed meanwhile; try again`)
        if (pod.deletedAt !== null || pod.status === 'Stopping')
          throw conflict(`pod ${pod.name} is being stopped; nothing to roll back`)
        const message = `rolled back from ${from.name}@${from.version} to ${to.name}@${to.version}`
        let next: PodRecord
        const node = pod.nodeId ? tx.node(pod.nodeId) : undefined
        if (pod.status === 'Pending') next = { ...pod, packId: to.id, updatedAt: tx.now }
        else if (node?.status === 'Ready' && (pod.status === 'Scheduled' || pod.status === 'Running' || isTerminal(pod.status))) {
          next = {
            ...pod,
            packId: to.id,
            status: 'Scheduled',
            incarnation: pod.incarnation + 1,
            reason: 'RolledBack',
            message,
            exitCode: null,
            scheduledAt: tx.now,
            startedAt: null,
            finishedAt: null,
            updatedAt: tx.now,
          }
          const assigned = next
          tx.after(() => deps.assign(assigned))
        } else next = { ...requeue(pod, 'RolledBack', message, tx.now), packId: to.id, finishedAt: null, exitCode: null }
        tx.putPod(next)
        tx.history({
          podId: next.id,
          incarnation: next.incarnation,
          status: next.status,
          reason: 'RolledBack',
          message,
          nodeId: next.nodeId,
        })
        tx.event({
          type: 'PodRolledBack',
          category: 'pod',
          resourceType: 'pod',
          resourceId: next.id,
          resourceName: next.name,
          namespace: next.namespace,
          ownerId: next.ownerId,
          previousState: `${from.name}@${from.version}`,
          newState: `${to.name}@${to.version}`,
          reason: 'RolledBack',
          message,
          correlationId: correlationId ?? null,
          actorId: principal.id,
        })
        return next
      })
    },
  }
}
export type PodRollback = ReturnType<typeof createPodRollback>
