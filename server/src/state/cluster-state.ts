/**
 * The working set in memory: nodes, pods, packs and users, loaded from the database at start and
 * changed only through `apply()` — by the write queue after a commit (and by nothing else).
 *
 * It is reactive (@vue/reactivity), see CONVENTIONS.md "State and reactivity":
 * - `nodes` and `pods` are shallow-reactive maps (records are replaced, never mutated), so derived
 *   views are `computed` (state-views.ts): they recompute only when read after something they read
 *   has changed; the pods of each node and what they hold there are plain indexes kept here;
 * - `changes` is a shallow ref holding the last applied change set, a new object per `apply()`:
 *   controllers `watch` it (watch-changes.ts) for keyed work — which pod, which node, before and
 *   after — and are woken once per committed batch, in the order they started watching.
 */
import { type ShallowRef, shallowReactive, shallowRef } from '@vue/reactivity'
import type { NodeRecord, PackRecord, PodRecord, UserRecord } from '../store/records'
import { createListOrder, type ListOrder } from './list-order'
import { createNodeAllocations } from './node-allocations'
import { createStateViews, type StateViews } from './state-views'
import { watchChanges } from './watch-changes'
export type ChangeListener<T> = (prev: T | undefined, next: T | undefined) => void

/** What one `apply()` is given: records to put (whole, as committed) and ids to delete. */
export interface StateChanges {
  pods: readonly PodRecord[]
  deletedPods: readonly string[]
  nodes: readonly NodeRecord[]
  deletedNodes: readonly string[]
}

/** One record as it was before an `apply()` and after it (undefined: absent). */
export interface Change<T> {
  readonly prev: T | undefined
  readonly next: T | undefined
}

/** What one `apply()` changed: nodes first, then pods, each in the order applied. */
export interface AppliedChanges {
  readonly nodes: readonly Change<NodeRecord>[]
  readonly pods: readonly Change<PodRecord>[]
}

export interface ClusterState {
  readonly nodes: ReadonlyMap<string, NodeRecord>
  readonly pods: ReadonlyMap<string, PodRecord>
  readonly packs: Map<string, PackRecord>
  readonly users: Map<string, UserRecord>
  nodeByName(name: string): NodeRecord | undefined
  podByName(namespace: string, name: string): PodRecord | undefined
  /** Pods by `namespace/name` (all, and per owner) and nodes by name, in order (the paged lists); not reactive. */
  readonly sorted: ListOrder
  /** Pods that name this node (any status); not reactive. */
  podsOnNode(nodeId: string): PodRecord[]
  /** The last applied change set (a new object per apply that changed something): watch it. */
  readonly changes: Readonly<ShallowRef<AppliedChanges>>
  /** Derived views: allocation per node (kept by `apply()`), the cluster summary (computed). */
  readonly views: StateViews
  /** The one write entry: puts and deletes committed records, then wakes the watchers of `changes`. */
  apply(changes: Partial<StateChanges>): void
  /** A watcher of `changes` per record, for indexes kept beside the state (returns its stop). */
  onPodChange(fn: ChangeListener<PodRecord>): () => void
  onNodeChange(fn: ChangeListener<NodeRecord>): () => void
}

export function createClusterState(
  initial: { nodes?: NodeRecord[]; pods?: PodRecord[]; packs?: PackRecord[]; users?: UserRecord[] } = {},
): ClusterState {
  const nodes = shallowReactive(new Map<string, NodeRecord>())
  // Reads that need no tracking (the per-node index) go to the map behind the proxy.
  const rawPods = new Map<string, PodRecord>()
  const pods = shallowReactive(rawPods)
  const packs = new Map((initial.packs ?? []).map((p) => [p.id, p]))
  const users = new Map((initial.users ?? []).map((u) => [u.id, u]))
  const nodeIdsByName = new Map<string, string>()
  const podIdsByName = new Map<string, string>()
  // node id → ids of the pods naming it.
  const podIdsByNode = new Map<string, Set<string>>()
  const allocations = createNodeAllocations()
  const changes = shallowRef<AppliedChanges>({ nodes: [], pods: [] })
  const podKey = (ns: string, name: string) => `${ns}/${name}`
  const sorted = createListOrder()

  const indexPod = (prev: PodRecord | undefined, next: PodRecord | undefined) => {
    if (prev) {
      if (!next) sorted.removePod(prev)
      podIdsByName.delete(podKey(prev.namespace, prev.name))
      if (prev.nodeId && prev.nodeId !== next?.nodeId) {
        const set = podIdsByNode.get(prev.nodeId)
        set?.delete(prev.id)
        if (set?.size === 0) podIdsByNode.delete(prev.nodeId)
      }
    }
    if (next) {
      const key = podKey(next.namespace, next.name)
      sorted.putPod(key, next, prev)
      podIdsByName.set(key, next.id)
      if (next.nodeId && next.nodeId !== prev?.nodeId) {
        let set = podIdsByNode.get(next.nodeId)
        if (!set) podIdsByNode.set(next.nodeId, (set = new Set()))
        set.add(next.id)
      }
    }
    allocations.change(prev, next)
  }
  const putPod = (next: PodRecord) => {
    const prev = pods.get(next.id)
    indexPod(prev, next)
    pods.set(next.id, next)
    return prev
  }
  const putNode = (next: NodeRecord) => {
    const prev = nodes.get(next.id)
    if (prev && prev.name !== next.name) nodeIdsByName.delete(prev.name)
    nodeIdsByName.set(next.name, next.id)
    sorted.putNode(next)
    nodes.set(next.id, next)
    return prev
  }
  for (const n of initial.nodes ?? []) putNode(n)
  for (const p of initial.pods ?? []) putPod(p)

  const podsOnNode = (nodeId: string) => {
    const out: PodRecord[] = []
    for (const id of podIdsByNode.get(nodeId) ?? []) {
      const p = rawPods.get(id)
      if (p) out.push(p)
    }
    return out
  }

  return {
    nodes,
    pods,
    packs,
    users,
    nodeByName: (name) => {
      const id = nodeIdsByName.get(name)
      return id ? nodes.get(id) : undefined
    },
    podByName: (ns, name) => {
      const id = podIdsByName.get(podKey(ns, name))
      return id ? pods.get(id) : undefined
    },
    podsOnNode,
    sorted,
    changes,
    views: createStateViews({ nodes, pods, allocations }),
    apply(input) {
      const podChanges: Change<PodRecord>[] = []
      const nodeChanges: Change<NodeRecord>[] = []
      for (const n of input.nodes ?? []) nodeChanges.push({ prev: putNode(n), next: n })
      for (const p of input.pods ?? []) podChanges.push({ prev: putPod(p), next: p })
      for (const id of input.deletedPods ?? []) {
        const prev = pods.get(id)
        if (!prev) continue
        indexPod(prev, undefined)
        pods.delete(id)
        podChanges.push({ prev, next: undefined })
      }
      for (const id of input.deletedNodes ?? []) {
        const prev = nodes.get(id)
        if (!prev) continue
        nodeIdsByName.delete(prev.name)
        sorted.removeNode(id)
        nodes.delete(id)
        nodeChanges.push({ prev, next: undefined })
      }
      // Watchers run here, synchronously, once for the whole set, with the maps already updated.
      if (podChanges.length > 0 || nodeChanges.length > 0) changes.value = { nodes: nodeChanges, pods: podChanges }
    },
    onPodChange: (fn) => watchChanges(changes, { pod: fn }),
    onNodeChange: (fn) => watchChanges(changes, { node: fn }),
  }
}
