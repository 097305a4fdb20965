/**
 * Service commands from users: create, scale, update (a new pack version or pod template starts
 * a rolling update; labels and strategy change in place), roll back, pause, resume, delete, look up. Each is one write through the write queue that re-reads
 * the service row in the transaction, records an event, and bumps the generation so a reconcile
 * planned against the old desired state gives up. The controller does the rest. Creating lives in
 * `service-create.ts`, versions in `service-versions.ts`, finding and changing one service in
 * `service-access.ts`.
 */
import { canAccessOwned } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest } from '../errors'
import type { Sql } from '../db/sql'
import type { PodOps } from '../pods/pod-ops'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { isLive } from './plan-pods'
import { createServiceAccess } from './service-access'
import { condition } from './service-changes'
import { createServiceCreation, MAX_REPLICAS } from './service-create'
import { serviceEvent } from './service-events'
import { removeServicePod } from './service-pods'
import type { ServiceStore } from './service-store'
import { createServiceVersions } from './service-versions'

export { MAX_REPLICAS, SERVICE_DEFAULTS, type CreateServiceInput, type ServiceStrategyInput } from './service-create'
export type { UpdateServiceInput } from './service-versions'

export interface ServiceOpsDeps {
  /** Reads outside the write path (rollout history). */
  db: Sql
  writes: WriteQueue
  state: ClusterState
  services: ServiceStore
  pods: Pick<PodOps, 'resolvePack'>
  resolvePriorityClass(name: string): number
  newId(): string
  /** After commit: stop a run on its node. */
  stop(pod: PodRecord, reason: string): void
  /** Most replicas one user's services may ask for together (admins: no limit; undefined: none). */
  maxReplicasPerUser?: number | undefined
}

export function createServiceOps(deps: ServiceOpsDeps) {
  const { services } = deps
  const access = createServiceAccess(deps)
  const { find, findForWrite, assertReplicaRoom, change } = access

  return {
    find,

    list(principal: Principal, namespace?: string): ServiceRecord[] {
      return services
        .all()
        .filter((s) => canAccessOwned(principal, s.ownerId, 'read') && (!namespace || s.namespace === namespace))
    },

    ...createServiceCreation(deps, access),

    async scale(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      replicas: number,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      if (found.mode === 'daemonset')
        throw badRequest(`service ${found.name} is a DaemonSet (one pod on every matching node); it cannot be scaled`)
      if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS)
        throw badRequest(`replicas must be 0–${MAX_REPLICAS}`)
      if (replicas > found.replicas) assertReplicaRoom(principal, replicas, found.id)
      return change(found, (tx, s) => {
        if (s.replicas === replicas) return undefined
        serviceEvent(
          tx,
          s,
          'ServiceScaled',
          'Scaled',
          `replicas ${s.replicas} → ${replicas}${s.paused ? ' (paused: applies on resume)' : ''}`,
          {
            actorId: principal.id,
            correlationId: correlationId ?? null,
            previousState: String(s.replicas),
            newState: String(replicas),
          },
        )
        return { ...s, replicas, generation: s.generation + 1, updatedAt: tx.now }
      })
    },

    ...createServiceVersions(deps, access),

    async setPaused(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      paused: boolean,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      return change(found, (tx, s) => {
        if (s.paused === paused) return undefined
        const message = paused
          ? 'paused: pods keep running; no scaling, replacing or rollouts until resumed'
          : 'resumed: reconciling again'
        serviceEvent(tx, s, paused ? 'ServicePaused' : 'ServiceResumed', paused ? 'Paused' : 'Resumed', message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
        })
        return {
          ...s,
          paused,
          condition: condition(paused ? 'Paused' : 'Progressing', paused ? 'Paused' : 'Resumed', message, tx.now),
          generation: s.generation + 1,
          updatedAt: tx.now,
        }
      })
    },

    /** Marks the service deleted and stops its pods; the controller removes it once they are gone. */
    async delete(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      const toStop: PodRecord[] = []
      const result = await change(found, (tx, s) => {
        let stopping = 0
        for (const p of services.pods(s.id)) {
          if (!isLive(p)) continue
          const next = removeServicePod(tx, p, 'ServiceDeleted', `service ${s.name} was deleted`)
          if (next) {
            toStop.push(next)
            stopping++
          }
        }
        const message = `deleting service ${s.name}: ${stopping} pod(s) stopping`
        serviceEvent(tx, s, 'ServiceDeleting', 'Deleted', message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
        })
        return {
          ...s,
          deletedAt: tx.now,
          condition: condition('Deleting', 'Deleted', message, tx.now),
          generation: s.generation + 1,
          updatedAt: tx.now,
        }
      })
      for (const p of toStop) deps.stop(p, 'ServiceDeleted')
      return result
    },
  }
}
export type ServiceOps = ReturnType<typeof createServiceOps>
