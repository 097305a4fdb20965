/**
 * Node updates from users (`stark node update`, cordon, uncordon): labels to set or remove,
 * taints to add or remove, the unschedulable (cordon) flag, and `trusted` (admins only). Pure
 * `applyNodePatch` computes the next record and what changed; `updateNode` persists it through
 * the write queue with events. The scheduler retries parked pods on any such change.
 *
 * Labels and taints an agent declares at registration are merged in again when it reconnects
 * (its values win for its keys), so a label removed here that the agent sets comes back then.
 */
import { formatTaint, type Labels, type Taint, type TaintEffect } from '@stark/shared'
import type { Principal } from '../auth/principal'
import { badRequest, forbidden, notFound } from '../errors'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord } from '../store/records'
import { reservedKeysIn } from './node-claims'

export interface NodePatch {
  /** Labels to set (added or overwritten). */
  labels?: Labels | undefined
  /** Label keys to remove. */
  removeLabels?: string[] | undefined
  /** Taints to add; one with the same key and effect as an existing taint replaces it. */
  taints?: Taint[] | undefined
  /** Taints to remove: by key and effect, or every effect of a key when `effect` is absent. */
  removeTaints?: { key: string; effect?: TaintEffect | undefined }[] | undefined
  /** Cordoned: keeps its pods, takes no new ones. */
  unschedulable?: boolean | undefined
  /** Trusted for system packs and other users' private packs (admins only). */
  trusted?: boolean | undefined
}

export const MAX_TAINTS = 64
export const MAX_LABELS = 64

/** The node after the patch and a readable list of what changed (empty: nothing did). */
export function applyNodePatch(node: NodeRecord, patch: NodePatch): { next: NodeRecord; changes: string[] } {
  const changes: string[] = []
  const labels: Labels = { ...node.labels }
  for (const key of patch.removeLabels ?? []) {
    if (key in labels && !(patch.labels && key in patch.labels)) {
      delete labels[key]
      changes.push(`-label ${key}`)
    }
  }
  for (const [key, value] of Object.entries(patch.labels ?? {})) {
    if (labels[key] !== value) changes.push(`+label ${key}=${value}`)
    labels[key] = value
  }
  const sameSlot = (a: { key: string; effect?: TaintEffect | undefined }, t: Taint) =>
    a.key === t.key && (!a.effect || a.effect === t.effect)
  let taints = node.taints.filter((t) => {
    const removed = (patch.removeTaints ?? []).some((r) => sameSlot(r, t))
    if (removed) changes.push(`-taint ${formatTaint(t)}`)
    return !removed
  })
  for (const t of patch.taints ?? []) {
    const existing = taints.find((e) => e.key === t.key && e.effect === t.effect)
    if (existing && (existing.value ?? '') === (t.value ?? '')) continue
    taints = [...taints.filter((e) => e !== existing), t]
    changes.push(`+taint ${formatTaint(t)}`)
  }
  if (Object.keys(labels).length > MAX_LABELS) throw badRequest(`a node may carry at most ${MAX_LABELS} labels`)
  if (taints.length > MAX_TAINTS) throw badRequest(`a node may carry at most ${MAX_TAINTS} taints`)
  let { unschedulable, trusted } = node
  if (patch.unschedulable !== undefined && patch.unschedulable !== unschedulable) {
    unschedulable = patch.unschedulable
    changes.push(unschedulable ? 'cordoned' : 'uncordoned')
  }
  if (patch.trusted !== undefined && patch.trusted !== trusted) {
    trusted = patch.trusted
    changes.push(trusted ? 'trusted' : 'untrusted')
  }
  if (changes.length === 0) return { next: node, changes }
  return { next: { ...node, labels, taints, unschedulable, trusted }, changes }
}

/** Admins change any node; a user changes their own; `trusted` is for admins only. */
export function assertMayUpdateNode(principal: Principal, node: NodeRecord, patch: NodePatch): void {
  if (principal.kind !== 'user' || principal.role === 'viewer') throw forbidden(`role ${principal.role} may not change nodes`)
  if (principal.role !== 'admin' && node.ownerId !== principal.id) throw forbidden(`you may not change node ${node.name}`)
  if (patch.trusted !== undefined && principal.role !== 'admin') throw forbidden('only admins mark nodes trusted')
  const reserved = principal.role === 'admin' ? [] : reservedKeysIn(patch.labels, patch.taints)
  if (reserved.length > 0) throw forbidden(`only an admin may set ${reserved.join(', ')} (the stark.io/ prefix is reserved)`)
}

export async function updateNode(
  writes: WriteQueue,
  principal: Principal,
  nodeId: string,
  patch: NodePatch,
  correlationId?: string,
): Promise<NodeRecord> {
  return writes.run((tx) => {
    const node = tx.node(nodeId)
    if (!node) throw notFound(`node ${nodeId}`)
    assertMayUpdateNode(principal, node, patch)
    const { next, changes } = applyNodePatch(node, patch)
    if (changes.length === 0) return node
    const updated = { ...next, updatedAt: tx.now }
    tx.putNode(updated)
    const base = {
      category: 'node' as const,
      resourceType: 'node',
      resourceId: node.id,
      resourceName: node.name,
      ownerId: node.ownerId,
      actorId: principal.id,
      correlationId: correlationId ?? null,
    }
    if (node.unschedulable !== updated.unschedulable) {
      tx.event({
        ...base,
        type: updated.unschedulable ? 'NodeCordoned' : 'NodeUncordoned',
        previousState: node.unschedulable ? 'Unschedulable' : 'Schedulable',
        newState: updated.unschedulable ? 'Unschedulable' : 'Schedulable',
        reason: updated.unschedulable ? 'Cordoned' : 'Uncordoned',
        message: updated.unschedulable ? `node ${node.name} takes no new pods` : `node ${node.name} takes new pods again`,
      })
    }
    const other = changes.filter((c) => c !== 'cordoned' && c !== 'uncordoned')
    if (other.length > 0) tx.event({ ...base, type: 'NodeUpdated', reason: 'Updated', message: other.join(', ') })
    return updated
  })
}
