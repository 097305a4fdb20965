/**
 * A service's revisions: an update (a new pack version or a new pod template starts a rolling
 * update; strategy changes apply to the next one; labels and replicas restart nothing), a
 * rollback on request (pack version and template), and the revisions it was set to.
 */
import type { Labels } from '@stark/shared'
import type { Principal } from '../auth/principal'
import { badRequest, conflict } from '../errors'
import { serviceRevisionsRepo, type ServiceRevision } from '../store/service-revisions'
import type { ServiceRecord, ServiceTemplate } from '../store/services'
import { checkStrategy, type ServiceAccess } from './service-access'
import { condition, retarget, rolloutFrom } from './service-changes'
import type { ServiceStrategyInput } from './service-create'
import { packLabel, revisionLabels, serviceEvent } from './service-events'
import { relabel } from './service-labels'
import type { ServiceOpsDeps } from './service-ops'
import { canonicalJson, hashTemplate, sameTemplate, sameVersion, type ServiceVersion } from './service-template'
import { TEMPLATE_FIELDS, type TemplateInput, templateFrom, touchesTemplate } from './service-template-input'

/** A template field by field, for saying what an update changed. */
const changedFields = (a: ServiceTemplate, b: ServiceTemplate) =>
  TEMPLATE_FIELDS.filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))

/** The fields of an update that are the pod template: a change there rolls pods out, as a new version does. */
export interface UpdateServiceInput extends ServiceStrategyInput, TemplateInput {
  /** The pack's name; with `packNamespace`, of that namespace, else of the service's (or its current pack's). */
  pack?: string | undefined
  packNamespace?: string | undefined
  version?: string | undefined
  /** New labels for the service, set on its pods at once (replacing the old ones). */
  labels?: Labels | undefined
}

export function createServiceVersions(
  deps: Pick<ServiceOpsDeps, 'db' | 'state' | 'services' | 'pods' | 'resolvePriorityClass'>,
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
      /** The new template, when the update changes it (the same checks as at create); a DaemonSet's is refused. */
      const templateTo = (s: ServiceRecord): ServiceTemplate | undefined => {
        if (!touchesTemplate(input)) return undefined
        const t = templateFrom(principal, input, deps.resolvePriorityClass, s.template)
        if (sameTemplate(t, s.template)) return undefined
        if (s.mode === 'daemonset')
          throw badRequest(
            `service ${s.name} is a DaemonSet: its pod template cannot change in place; delete it (stark service delete ${s.name}) and create it again`,
          )
        return t
      }
      // Checked before the write too, so a refused template costs no transaction.
      templateTo(found)
      return change(found, async (tx, s) => {
        let next: ServiceRecord = {
          ...s,
          followLatest: input.followLatest ?? s.followLatest,
          maxSurge: input.maxSurge ?? s.maxSurge,
          maxUnavailable: input.maxUnavailable ?? s.maxUnavailable,
          minReadySeconds: input.minReadySeconds ?? s.minReadySeconds,
          labels: input.labels ?? s.labels,
        }
        checkStrategy(next)
        const template = templateTo(s)
        const relabelled = relabel(tx, s, next.labels, services.pods(s.id))
        const strategyChanged =
          next.followLatest !== s.followLatest ||
          next.maxSurge !== s.maxSurge ||
          next.maxUnavailable !== s.maxUnavailable ||
          next.minReadySeconds !== s.minReadySeconds
        const actor = { actorId: principal.id, correlationId: correlationId ?? null }
        if ((pack && (pack.id !== s.packId || s.failedPackId !== null)) || template) {
          // A template the service ran before gets its hash again, so its pods still running count as up to date.
          const known = template
            ? (await serviceRevisionsRepo.list(tx.sql, s.id)).find((r) => r.template && sameTemplate(r.template, template))
            : undefined
          const to: ServiceVersion = {
            packId: pack?.id ?? s.packId,
            template: template ?? s.template,
            templateHash: template ? (known?.templateHash ?? hashTemplate(template)) : s.templateHash,
          }
          const [from, toLabel] = revisionLabels(state, s, to, s.namespace)
          const fields = template ? ` (${changedFields(s.template, template).join(', ')} changed)` : ''
          const message = sameVersion(to, s)
            ? `${toLabel} again (a user update clears the failed version ${packLabel(state, s.failedPackId, s.namespace)})`
            : `rolling out ${toLabel} (from ${from})${fields}`
          next = retarget(next, to, services.pods(s.id), tx.now, {
            rollback: false,
            failedPackId: null,
            condition: condition('Progressing', 'Updated', message, tx.now),
          })
          serviceEvent(tx, s, next.rollout ? 'RolloutStarted' : 'ServiceUpdated', 'Updated', message, {
            ...actor,
            previousState: from,
            newState: toLabel,
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
     * Goes back to the previous revision on request (or to `to`), pack version and template: the
     * one a rollout in progress started from, or else the latest earlier one the service was set to
     * whose pack version still exists. 409 when there is none.
     */
    async rollback(
      principal: Principal,
      ref: string,
      namespace: string | undefined,
      correlationId?: string,
      to?: ServiceVersion,
    ): Promise<ServiceRecord> {
      const found = findForWrite(principal, ref, namespace)
      return change(found, async (tx, s) => {
        const earlier = (await serviceRevisionsRepo.list(tx.sql, s.id)).find(
          (r) => !sameVersion(r, s) && state.packs.has(r.packId),
        )
        const from = rolloutFrom(s)
        const target = to ?? (from && state.packs.has(from.packId) ? from : earlier)
        if (!target || sameVersion(target, s)) throw conflict(`service ${s.name} has no earlier version to roll back to`)
        const [fromLabel, toLabel] = revisionLabels(state, s, target, s.namespace)
        const message = `rolling back from ${fromLabel} to ${toLabel} on request`
        const next = retarget(
          s,
          { packId: target.packId, template: target.template, templateHash: target.templateHash },
          services.pods(s.id),
          tx.now,
          {
            rollback: true,
            failedPackId: null,
            condition: condition('Progressing', 'RollbackRequested', message, tx.now),
          },
        )
        serviceEvent(tx, s, 'RollbackStarted', 'RollbackRequested', message, {
          actorId: principal.id,
          correlationId: correlationId ?? null,
          previousState: fromLabel,
          newState: toLabel,
        })
        return next
      })
    },

    /** The revisions the service was set to, newest first. */
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
