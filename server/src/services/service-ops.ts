/**
 * Service commands from users: create, scale, update (a new pack version starts a rolling
 * update), pause, resume, delete, look up. Each is one write through the write queue that re-reads
 * the service row in the transaction, records an event, and bumps the generation so a reconcile
 * planned against the old desired state gives up. The controller does the rest.
 */
import { DEFAULT_POD_REQUEST } from '@stark/shared'
import { assertCanWrite, assertMayUsePriority, canAccessOwned, canSeeNamespace, canUseNamespace } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import type { Sql } from '../db/sql'
import { USER_LIMIT_ENV } from '../namespaces/user-limits'
import type { PodOps } from '../pods/pod-ops'
import type { ClusterState } from '../state/cluster-state'
import type { Tx, WriteQueue } from '../state/write-queue'
import type { PackRecord, PodRecord } from '../store/records'
import { serviceRevisionsRepo, type ServiceRevision } from '../store/service-revisions'
import { servicesRepo, type ServiceRecord } from '../store/services'
import { isLive } from './plan-pods'
import { condition, retarget } from './service-changes'
import { packLabel, serviceEvent } from './service-events'
import type { CreateServiceInput, UpdateServiceInput } from './service-inputs'
import { relabel } from './service-labels'
import { removeServicePod } from './service-pods'
import type { ServiceStore } from './service-store'

/** Defaults: one pod; rolling updates add one new pod before an old one stops; 1 s to count as available. */
export const SERVICE_DEFAULTS = { replicas: 1, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 1 }
export const MAX_REPLICAS = 10_000

export type { CreateServiceInput, ServiceStrategyInput, UpdateServiceInput } from './service-inputs'

export interface ServiceServiceDeps {
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function checkStrategy(s: Pick<ServiceRecord, 'mode' | 'maxSurge' | 'maxUnavailable'>) {
  if (s.mode === 'replicas' && s.maxSurge === 0 && s.maxUnavailable === 0) {
    throw badRequest('maxSurge and maxUnavailable cannot both be 0: a rolling update could never make progress')
  }
}

export function createServiceOps(deps: ServiceServiceDeps) {
  const { writes, state, services } = deps

  function find(principal: Principal, ref: string, namespace = 'default'): ServiceRecord {
    const s = (UUID.test(ref) ? services.get(ref) : undefined) ?? services.byName(namespace, ref)
    if (!s || !canAccessOwned(principal, s.ownerId, 'read')) throw notFound(`service ${ref}`)
    return s
  }

  /** Refuses replicas past what one user's services may ask for together (pods a service makes are the user's pending work too). */
  function assertReplicaRoom(principal: Principal, replicas: number, except?: string): void {
    const limit = deps.maxReplicasPerUser
    if (limit === undefined || principal.kind !== 'user' || principal.role === 'admin') return
    const others = services
      .all()
      .filter((s) => s.ownerId === principal.id && s.id !== except && s.mode === 'replicas')
      .reduce((n, s) => n + s.replicas, 0)
    if (others + replicas > limit) {
      throw forbidden(
        `your services would ask for ${others + replicas} replicas together, above the ${limit} a user may (${USER_LIMIT_ENV.pendingPods}); scale others down or ask an admin`,
      )
    }
  }

  function findForWrite(principal: Principal, ref: string, namespace?: string): ServiceRecord {
    assertCanWrite(principal)
    const s = find(principal, ref, namespace)
    if (!canAccessOwned(principal, s.ownerId, 'write')) throw forbidden(`you may not change service ${s.name}`)
    return s
  }

  /**
   * Runs a change of one service in a write: `change` gets the row as it is in the transaction
   * and returns the new record (or undefined for "nothing to do").
   */
  async function change(
    found: ServiceRecord,
    fn: (tx: Tx, s: ServiceRecord) => ServiceRecord | undefined | Promise<ServiceRecord | undefined>,
  ): Promise<ServiceRecord> {
    return writes.run(async (tx) => {
      const s = await servicesRepo.get(tx.sql, found.id)
      if (!s) throw notFound(`service ${found.name}`)
      if (s.deletedAt !== null) throw conflict(`service ${s.name} is being deleted`)
      const next = await fn(tx, s)
      if (!next) return s
      await servicesRepo.upsert(tx.sql, next)
      if (next.packId !== s.packId)
        await serviceRevisionsRepo.add(tx.sql, s.id, {
          packId: next.packId,
          reason: next.condition?.reason ?? 'Updated',
          at: tx.now,
        })
      tx.after(() => services.put(next))
      return next
    })
  }

  function resolvePack(principal: Principal, name: string, version: string | undefined): PackRecord {
    return deps.pods.resolvePack(principal, name, version)
  }

  return {
    find,

    list(principal: Principal, namespace?: string): ServiceRecord[] {
      return services
        .all()
        .filter((s) => canAccessOwned(principal, s.ownerId, 'read') && (!namespace || s.namespace === namespace))
    },

    async create(principal: Principal, input: CreateServiceInput, correlationId?: string): Promise<ServiceRecord> {
      assertCanWrite(principal)
      const namespace = input.namespace ?? 'default'
      if (namespace === 'system' && principal.role !== 'admin')
        throw forbidden('only admins may run services in the system namespace')
      const daemonset = input.daemonset === true || input.replicas === 0
      if (input.daemonset && (input.replicas ?? 0) > 0)
        throw badRequest('a DaemonSet runs one pod on every matching node: give --daemonset or --replicas, not both')
      const replicas = daemonset ? 0 : (input.replicas ?? SERVICE_DEFAULTS.replicas)
      if (replicas > MAX_REPLICAS) throw badRequest(`replicas must be at most ${MAX_REPLICAS}`)
      assertReplicaRoom(principal, replicas)
      if (input.priorityClass !== undefined && input.priority !== undefined)
        throw badRequest('give priority or priorityClass, not both')
      const pack = resolvePack(principal, input.pack, input.version)
      const priority = input.priorityClass !== undefined ? deps.resolvePriorityClass(input.priorityClass) : (input.priority ?? 0)
      assertMayUsePriority(principal, priority)
      const id = deps.newId()
      return writes.run(async (tx) => {
        if (services.byName(namespace, input.name))
          throw conflict(`service ${input.name} already exists in namespace ${namespace}`)
        const s: ServiceRecord = {
          id,
          name: input.name,
          namespace,
          ownerId: principal.id,
          packId: pack.id,
          mode: daemonset ? 'daemonset' : 'replicas',
          replicas,
          followLatest: input.followLatest ?? false,
          maxSurge: input.maxSurge ?? SERVICE_DEFAULTS.maxSurge,
          maxUnavailable: input.maxUnavailable ?? SERVICE_DEFAULTS.maxUnavailable,
          minReadySeconds: input.minReadySeconds ?? SERVICE_DEFAULTS.minReadySeconds,
          labels: input.labels ?? {},
          template: {
            selector: input.selector ?? {},
            tolerations: input.tolerations ?? [],
            ...(input.affinity ? { affinity: input.affinity } : {}),
            resources: {
              cpu: input.resources?.cpu ?? DEFAULT_POD_REQUEST.cpu,
              memory: input.resources?.memory ?? DEFAULT_POD_REQUEST.memory,
            },
            priority,
            ...(input.priorityClass !== undefined ? { priorityClass: input.priorityClass } : {}),
            env: input.env ?? {},
            args: input.args ?? [],
          },
          paused: false,
          healthyPackId: null,
          failedPackId: null,
          rollout: null,
          condition: condition(
            'Progressing',
            'Created',
            `service created: ${daemonset ? 'one pod on every matching node' : `${replicas} pod(s)`} of ${pack.name}@${pack.version}`,
            tx.now,
          ),
          generation: 1,
          createdAt: tx.now,
          updatedAt: tx.now,
          deletedAt: null,
        }
        checkStrategy(s)
        const [exists] = await tx.sql.query<{ taken: boolean; namespace: boolean; owner: string | null }>(
          `select exists (select 1 from services where namespace = $1 and name = $2) as taken, exists (select 1 from namespaces where name = $1) as namespace,
             (select owner_id from namespaces where name = $1) as owner`,
          [namespace, input.name],
        )
        // Another user's namespace is as good as absent; a shared one the caller may not use is refused (auth/policy.ts).
        if (!exists?.namespace || !canSeeNamespace(principal, { ownerId: exists.owner })) throw notFound(`namespace ${namespace}`)
        if (!canUseNamespace(principal, { name: namespace, ownerId: exists.owner }))
          throw forbidden(`you may not create services in namespace ${namespace}`)
        if (exists.taken) throw conflict(`service ${input.name} already exists in namespace ${namespace}`)
        await servicesRepo.upsert(tx.sql, s)
        await serviceRevisionsRepo.add(tx.sql, s.id, { packId: s.packId, reason: 'Created', at: tx.now })
        serviceEvent(tx, s, 'ServiceCreated', 'Created', s.condition!.message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
          newState: `${pack.name}@${pack.version}`,
        })
        tx.after(() => services.put(s))
        return s
      })
    },

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

    async update(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      input: UpdateServiceInput,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      const currentPack = state.packs.get(found.packId)
      const pack =
        input.pack !== undefined || input.version !== undefined
          ? resolvePack(principal, input.pack ?? currentPack?.name ?? '', input.version)
          : undefined
      return change(found, (tx, s) => {
        let next: ServiceRecord = {
          ...s,
          followLatest: input.followLatest ?? s.followLatest,
          maxSurge: input.maxSurge ?? s.maxSurge,
          maxUnavailable: input.maxUnavailable ?? s.maxUnavailable,
          minReadySeconds: input.minReadySeconds ?? s.minReadySeconds,
          labels: input.labels ?? s.labels,
        }
        checkStrategy(next)
        const relabelled = relabel(tx, s, next.labels, services.pods(s.id))
        const strategyChanged =
          next.followLatest !== s.followLatest ||
          next.maxSurge !== s.maxSurge ||
          next.maxUnavailable !== s.maxUnavailable ||
          next.minReadySeconds !== s.minReadySeconds
        const actor = { actorId: principal.id, correlationId: correlationId ?? null }
        if (pack && (pack.id !== s.packId || s.failedPackId !== null)) {
          const from = packLabel(state, s.packId)
          const to = `${pack.name}@${pack.version}`
          const message =
            pack.id === s.packId
              ? `${to} again (a user update clears the failed version ${packLabel(state, s.failedPackId)})`
              : `rolling out ${to} (from ${from})`
          next = retarget(next, pack.id, services.pods(s.id), tx.now, {
            rollback: false,
            failedPackId: null,
            condition: condition('Progressing', 'Updated', message, tx.now),
          })
          serviceEvent(tx, s, next.rollout ? 'RolloutStarted' : 'ServiceUpdated', 'Updated', message, {
            ...actor,
            previousState: from,
            newState: to,
          })
          return next
        }
        if (relabelled && !strategyChanged) return { ...next, generation: s.generation + 1, updatedAt: tx.now }
        if (!strategyChanged) return undefined
        serviceEvent(
          tx,
          s,
          'ServiceUpdated',
          'Updated',
          `strategy: maxSurge ${next.maxSurge}, maxUnavailable ${next.maxUnavailable}, minReadySeconds ${next.minReadySeconds}, follow-latest ${next.followLatest ? 'on' : 'off'}`,
          actor,
        )
        return { ...next, generation: s.generation + 1, updatedAt: tx.now }
      })
    },

    /**
     * Goes back to the previous version on request: the version a rollout in progress started
     * from, or else the latest earlier version the service was set to that still exists. 409 when
     * there is none.
     */
    async rollback(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      return change(found, async (tx, s) => {
        const earlier = (await serviceRevisionsRepo.list(tx.sql, s.id)).find(
          (r) => r.packId !== s.packId && state.packs.has(r.packId),
        )?.packId
        const target = s.rollout && state.packs.has(s.rollout.fromPackId) ? s.rollout.fromPackId : earlier
        if (!target || target === s.packId) throw conflict(`service ${s.name} has no earlier version to roll back to`)
        const from = packLabel(state, s.packId)
        const to = packLabel(state, target)
        const message = `rolling back from ${from} to ${to} on request`
        const next = retarget(s, target, services.pods(s.id), tx.now, {
          rollback: true,
          failedPackId: null,
          condition: condition('Progressing', 'RollbackRequested', message, tx.now),
        })
        serviceEvent(tx, s, 'RollbackStarted', 'RollbackRequested', message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
          previousState: from,
          newState: to,
        })
        return next
      })
    },

    /** The versions the service was set to, newest first. */
    async history(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
    ): Promise<{ service: ServiceRecord; revisions: ServiceRevision[] }> {
      const service = find(principal, ref, namespace)
      return { service, revisions: await serviceRevisionsRepo.list(deps.db, service.id) }
    },

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
