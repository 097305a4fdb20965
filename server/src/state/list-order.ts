/**
 * The orders the paged lists read (sorted-index.ts), kept by the state's `apply()`: every pod by
 * `namespace/name`, each owner's pods by the same key (a user's list walks its own pods, not
 * everyone's), and nodes by name. Not reactive: nothing watches an order, lists read it.
 */
import type { NodeRecord, PodRecord } from '../store/records'
import { createSortedIndex, type SortedIndex, type SortedIndexWriter } from './sorted-index'

export interface ListOrder {
  readonly pods: SortedIndex<PodRecord>
  /** The pods of one owner (empty for an owner with none). */
  podsOf(ownerId: string): SortedIndex<PodRecord>
  readonly nodes: SortedIndex<NodeRecord>
}

export interface ListOrderWriter extends ListOrder {
  putPod(key: string, next: PodRecord, prev: PodRecord | undefined): void
  removePod(prev: PodRecord): void
  putNode(next: NodeRecord): void
  removeNode(id: string): void
}

export function createListOrder(): ListOrderWriter {
  const pods = createSortedIndex<PodRecord>()
  const byOwner = new Map<string, SortedIndexWriter<PodRecord>>()
  const nodes = createSortedIndex<NodeRecord>()
  const none = createSortedIndex<PodRecord>()
  const leaveOwner = (pod: PodRecord) => {
    const own = byOwner.get(pod.ownerId)
    own?.remove(pod.id)
    if (own?.size === 0) byOwner.delete(pod.ownerId)
  }
  return {
    pods,
    podsOf: (ownerId) => byOwner.get(ownerId) ?? none,
    nodes,
    putPod(key, next, prev) {
      pods.put(next.id, key, next)
      if (prev && prev.ownerId !== next.ownerId) leaveOwner(prev)
      let own = byOwner.get(next.ownerId)
      if (!own) byOwner.set(next.ownerId, (own = createSortedIndex()))
      own.put(next.id, key, next)
    },
    removePod(prev) {
      pods.remove(prev.id)
      leaveOwner(prev)
    },
    putNode: (next) => nodes.put(next.id, next.name, next),
    removeNode: (id) => nodes.remove(id),
  }
}
