/**
 * Services in memory: loaded at start, changed only after a commit (the write functions put the
 * new record here from `tx.after`), with an index by namespace/name and the pods of each service
 * (kept from the cluster state's pod changes, so a reconcile never scans every pod).
 */
import { shallowReactive } from '@vue/reactivity'
import type { ClusterState } from '../state/cluster-state'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'

export function createServiceStore(state: ClusterState, initial: readonly ServiceRecord[] = []) {
  // Reactive where views read: the services, and the pods of each (service-ready.ts).
  const byId = shallowReactive(new Map<string, ServiceRecord>())
  const idByName = new Map<string, string>()
  const podIds = new Map<string, Set<string>>() // service id → pod ids (reactive sets)
  const listeners = new Set<(prev: ServiceRecord | undefined, next: ServiceRecord | undefined) => void>()
  const key = (namespace: string, name: string) => `${namespace}/${name}`

  const podIdsOf = (serviceId: string) => {
    let set = podIds.get(serviceId)
    if (!set) podIds.set(serviceId, (set = shallowReactive(new Set<string>())))
    return set
  }
  const indexPod = (prev: PodRecord | undefined, next: PodRecord | undefined) => {
    const before = prev?.spec.service?.id
    const after = next?.spec.service?.id
    if (before && before !== after) podIds.get(before)?.delete(prev!.id)
    if (after) podIdsOf(after).add(next!.id)
  }
  for (const s of initial) {
    byId.set(s.id, s)
    idByName.set(key(s.namespace, s.name), s.id)
  }
  for (const p of state.pods.values()) indexPod(undefined, p)
  const offPods = state.onPodChange(indexPod)

  return {
    get: (id: string) => byId.get(id),
    byName(namespace: string, name: string): ServiceRecord | undefined {
      const id = idByName.get(key(namespace, name))
      return id ? byId.get(id) : undefined
    },
    all: () => [...byId.values()],
    get size() {
      return byId.size
    },
    /** The pods of a service (including deleted ones still stopping), from the cluster state. */
    pods(serviceId: string): PodRecord[] {
      const out: PodRecord[] = []
      // A known service's index is made on first read, so a view reading it sees its first pod.
      for (const id of (byId.has(serviceId) ? podIdsOf(serviceId) : podIds.get(serviceId)) ?? []) {
        const p = state.pods.get(id)
        if (p) out.push(p)
      }
      return out
    },
    /** Service ids that pods point to (including services that no longer exist). */
    podOwners: () => [...podIds.entries()].filter(([, ids]) => ids.size > 0).map(([id]) => id),
    /** After a commit only. */
    put(next: ServiceRecord) {
      const prev = byId.get(next.id)
      if (prev && (prev.namespace !== next.namespace || prev.name !== next.name)) idByName.delete(key(prev.namespace, prev.name))
      byId.set(next.id, next)
      idByName.set(key(next.namespace, next.name), next.id)
      for (const l of listeners) l(prev, next)
    },
    /** After a commit only. */
    remove(id: string) {
      const prev = byId.get(id)
      if (!prev) return
      byId.delete(id)
      idByName.delete(key(prev.namespace, prev.name))
      for (const l of listeners) l(prev, undefined)
    },
    onChange(fn: (prev: ServiceRecord | undefined, next: ServiceRecord | undefined) => void): () => void {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    close: () => offPods(),
  }
}
export type ServiceStore = ReturnType<typeof createServiceStore>
