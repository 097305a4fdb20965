/**
 * Creating a service: defaults filled in, the caller's rights on the namespace and priority
 * checked, the first revision recorded, in one write. The controller starts its pods.
 */
import { formatPackRef, type Labels } from '@stark/shared'
import { assertCanWrite, canSeeNamespace, canUseNamespace } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import { serviceRevisionsRepo } from '../store/service-revisions'
import { servicesRepo, type ServiceRecord } from '../store/services'
import { checkStrategy, type ServiceAccess } from './service-access'
import { condition } from './service-changes'
import { serviceEvent } from './service-events'
import type { ServiceOpsDeps } from './service-ops'
import { hashTemplate, versionOf } from './service-template'
import { type TemplateInput, templateFrom } from './service-template-input'

/** Defaults: one pod; rolling updates add one new pod before an old one stops; 1 s to count as available. */
export const SERVICE_DEFAULTS = { replicas: 1, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 1 }
export const MAX_REPLICAS = 10_000

export interface ServiceStrategyInput {
  followLatest?: boolean | undefined
  maxSurge?: number | undefined
  maxUnavailable?: number | undefined
  minReadySeconds?: number | undefined
}

export interface CreateServiceInput extends ServiceStrategyInput, TemplateInput {
  name: string
  namespace?: string | undefined
  /** The pack's name; with `packNamespace`, of that namespace, else of the service's. */
  pack: string
  packNamespace?: string | undefined
  version?: string | undefined
  /** 0 means DaemonSet mode (one pod per matching node), as does `daemonset: true`. */
  replicas?: number | undefined
  daemonset?: boolean | undefined
  /** The service's labels (its pods carry them plus `stark.io/service=<name>`). */
  labels?: Labels | undefined
}

export function createServiceCreation(
  deps: Pick<ServiceOpsDeps, 'writes' | 'services' | 'pods' | 'resolvePriorityClass' | 'newId'>,
  access: Pick<ServiceAccess, 'assertReplicaRoom'>,
) {
  const { writes, services } = deps
  const { assertReplicaRoom } = access
  return {
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
      const pack = deps.pods.resolvePack(
        principal,
        { namespace: input.packNamespace, name: input.pack, version: input.version },
        namespace,
      )
      const template = templateFrom(principal, input, deps.resolvePriorityClass)
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
          template,
          templateHash: hashTemplate(template),
          paused: false,
          healthyPackId: null,
          healthyTemplateHash: null,
          healthyTemplate: null,
          failedPackId: null,
          rollout: null,
          condition: condition(
            'Progressing',
            'Created',
            `service created: ${daemonset ? 'one pod on every matching node' : `${replicas} pod(s)`} of ${formatPackRef(pack, namespace)}`,
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
        await serviceRevisionsRepo.add(tx.sql, s.id, { ...versionOf(s), reason: 'Created', at: tx.now })
        serviceEvent(tx, s, 'ServiceCreated', 'Created', s.condition!.message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
          newState: formatPackRef(pack, namespace),
        })
        tx.after(() => services.put(s))
        return s
      })
    },
  }
}
