/**
 * A service's versions: an update (a new pack version starts a rolling update; strategy changes
 * apply to the next one), a rollback on request, and the versions it was set to.
 */
import { formatPackRef, type Labels } from '@stark/shared'
import type { Principal } from '../auth/principal'
import { conflict } from '../errors'
import { serviceRevisionsRepo, type ServiceRevision } from '../store/service-revisions'
import type { ServiceRecord } from '../store/services'
import { checkStrategy, type ServiceAccess } from './service-access'
import { condition, retarget } from './service-changes'
import type { ServiceStrategyInput } from './service-create'
import { packLabel, serviceEvent } from './service-events'
import { relabel } from './service-labels'
import type { ServiceOpsDeps } from './service-ops'

export interface UpdateServiceInput extends ServiceStrategyInput {
  /** The pack's name; with `packNamespace`, of that namespace, else of the service's (or its current pack's). */
  pack?: string | undefined
  packNamespace?: string | undefined
  version?: string | undefined
  /** New labels for the service, set on its pods at once (replacing the old ones). */
  labels?: Labels | undefined
}

export function createServiceVersions(
  deps: Pick<ServiceOpsDeps, 'db' | 'state' | 'services' | 'pods'>,
  access: Pick<ServiceAccess, 'find' | 'findForWrite' | 'change'>,
) {
  const { state, services } = deps
  const { find, findForWrite, change } = access
  return {
    async update(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      input: UpdateServiceInput,
      correlationId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      const currentPack = state.packs.get(found.packId)
      // A version alone is one of the current pack; a name alone is looked for in the service's
      // namespace, then in its current pack's (a service running another namespace's pack).
      const pack =
        input.pack !== undefined || input.version !== undefined
          ? deps.pods.resolvePack(
              principal,
              input.pack === undefined
                ? { namespace: currentPack?.namespace, name: currentPack?.name ?? '', version: input.version }
                : { namespace: input.packNamespace, name: input.pack, version: input.version },
              found.namespace,
              { orIn: currentPack && currentPack.name === input.pack ? currentPack.namespace : undefined },
            )
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
          const from = packLabel(state, s.packId, s.namespace)
          const to = formatPackRef(pack, s.namespace)
          const message =
            pack.id === s.packId
              ? `${to} again (a user update clears the failed version ${packLabel(state, s.failedPackId, s.namespace)})`
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
     * Goes back to the previous version on request (or to `toPackId`): the version a rollout in
     * progress started from, or else the latest earlier version the service was set to that still
     * exists. 409 when there is none.
     */
    async rollback(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      correlationId?: string,
      toPackId?: string,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      return change(found, async (tx, s) => {
        const earlier = (await serviceRevisionsRepo.list(tx.sql, s.id)).find(
          (r) => r.packId !== s.packId && state.packs.has(r.packId),
        )?.packId
        const target = toPackId ?? (s.rollout && state.packs.has(s.rollout.fromPackId) ? s.rollout.fromPackId : earlier)
        if (!target || target === s.packId) throw conflict(`service ${s.name} has no earlier version to roll back to`)
        const from = packLabel(state, s.packId, s.namespace)
        const to = packLabel(state, target, s.namespace)
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
  }
}
