/**
 * Finding one service for a caller and changing it in one write: the row is re-read in the
 * transaction, a service being deleted is left alone, a new revision (pack version or template) is recorded.
 * Shared by every service command (`service-ops.ts`).
 */
import { assertCanWrite, canAccessOwned } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import { USER_LIMIT_ENV } from '../namespaces/user-limits'
import type { Tx } from '../state/write-queue'
import { serviceRevisionsRepo } from '../store/service-revisions'
import { servicesRepo, type ServiceRecord } from '../store/services'
import type { ServiceOpsDeps } from './service-ops'
import { sameVersion, versionOf } from './service-template'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A rolling update that may neither add nor remove a pod could never make progress. */
export function checkStrategy(s: Pick<ServiceRecord, 'mode' | 'maxSurge' | 'maxUnavailable'>) {
  if (s.mode === 'replicas' && s.maxSurge === 0 && s.maxUnavailable === 0) {
    throw badRequest('maxSurge and maxUnavailable cannot both be 0: a rolling update could never make progress')
  }
}

export function createServiceAccess(deps: Pick<ServiceOpsDeps, 'writes' | 'services' | 'maxReplicasPerUser'>) {
  const { writes, services } = deps

  /** By id or by name in the namespace; 404 for one the caller may not see. */
  function find(principal: Principal, ref: string, namespace = 'default'): ServiceRecord {
    const s = (UUID.test(ref) ? services.get(ref) : undefined) ?? services.byName(namespace, ref)
    if (!s || !canAccessOwned(principal, s.ownerId, 'read')) throw notFound(`service ${ref}`)
    return s
  }

  function findForWrite(principal: Principal, ref: string, namespace?: string): ServiceRecord {
    assertCanWrite(principal)
    const s = find(principal, ref, namespace)
    if (!canAccessOwned(principal, s.ownerId, 'write')) throw forbidden(`you may not change service ${s.name}`)
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

  /**
   * Runs a change of one service in a write: `fn` gets the row as it is in the transaction
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
      if (!sameVersion(next, s))
        await serviceRevisionsRepo.add(tx.sql, s.id, {
          ...versionOf(next),
          reason: next.condition?.reason ?? 'Updated',
          at: tx.now,
        })
      tx.after(() => services.put(next))
      return next
    })
  }

  return { find, findForWrite, assertReplicaRoom, change }
}
export type ServiceAccess = ReturnType<typeof createServiceAccess>
