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

/** "a, b, c and 4 more" */
export function nameList(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ')
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}
