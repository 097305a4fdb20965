/** Events about services (category `service`): one helper so every decision is recorded alike. */
import { formatPackRef } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { Tx } from '../state/write-queue'
import type { EventSeverity } from '../store/records'
import type { ServiceRecord } from '../store/services'

export function serviceEvent(
  tx: Tx,
  s: ServiceRecord,
  type: string,
  reason: string,
  message: string,
  extra: {
    severity?: EventSeverity
    actorId?: string | null
    correlationId?: string | null
    previousState?: string | null
    newState?: string | null
  } = {},
): void {
  tx.event({
    type,
    category: 'service',
    severity: extra.severity ?? 'info',
    resourceType: 'service',
    resourceId: s.id,
    resourceName: s.name,
    namespace: s.namespace,
    ownerId: s.ownerId,
    reason,
    message,
    actorId: extra.actorId ?? null,
    correlationId: extra.correlationId ?? null,
    previousState: extra.previousState ?? null,
    newState: extra.newState ?? null,
  })
}

/** `hello@1.0.0` for a pack id, `ns/hello@1.0.0` when it is not of namespace `from` (the id when the pack is unknown). */
export const packLabel = (state: ClusterState, packId: string | null | undefined, from?: string): string => {
  if (!packId) return '-'
  const p = state.packs.get(packId)
  return p ? formatPackRef(p, from) : packId
}

/** A template hash as events and the CLI show it ('' — a template from before hashes — as `initial`). */
export const templateLabel = (hash: string): string => (hash === '' ? 'initial' : hash.slice(0, 8))

/**
 * Two revisions as a move names them: their pack versions, each with its template when the
 * templates differ (`web@1.0.0 (template 1a2b3c4d)`).
 */
export function revisionLabels(
  state: ClusterState,
  from: { packId: string | null; templateHash?: string | null },
  to: { packId: string | null; templateHash?: string | null },
  namespace: string,
): [string, string] {
  const differ = (from.templateHash ?? '') !== (to.templateHash ?? '')
  const label = (v: typeof from) =>
    `${packLabel(state, v.packId, namespace)}${differ ? ` (template ${templateLabel(v.templateHash ?? '')})` : ''}`
  return [label(from), label(to)]
}

/** "a, b, c and 4 more" */
export function nameList(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ')
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}
