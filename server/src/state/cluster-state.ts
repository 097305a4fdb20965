/**
 * The working set in memory: nodes, pods, packs and users, loaded from the database at start and
 * changed only by the write queue after a commit. Maps are shallow-reactive (@vue/reactivity), so
 * views such as "pods by status" are computed; listeners get every change for keyed work queues.
 */
import { shallowReactive } from '@vue/reactivity'
import type { NodeRecord, PackRecord, PodRecord, UserRecord } from '../store/records'

export type ChangeListener<T> = (prev: T | undefined, next: T | undefined) => void

export interface StateChanges {
  pods: readonly PodRecord[]
  deletedPods: readonly string[]
  nodes: readonly NodeRecord[]
  deletedNodes: readonly string[]
}

export interface ClusterState {
  readonly nodes: ReadonlyMap<string, NodeRecord>
  readonly pods: ReadonlyMap<string, PodRecord>
  readonly packs: Map<string, PackRecord>
  readonly users: Map<string, UserRecord>
  nodeByName(name: string): NodeRecord | undefined
  podByName(namespace: string, name: string): PodRecord | undefined
  podsOnNode(nodeId: string): PodRecord[]
  apply(changes: Partial<StateChanges>): void
  onPodChange(fn: ChangeListener<PodRecord>): () => void
  onNodeChange(fn: ChangeListener<NodeRecord>): () => void
}

export function createClusterState(
  initial: { nodes?: NodeRecord[]; pods?: PodRecord[]; packs?: PackRecord[]; users?: UserRecord[] } = {},
): ClusterState {
  const nodes = shallowReactive(new Map<string, NodeRecord>())
  const pods = shallowReactive(new Map<string, PodRecord>())
  const packs = new Map((initial.packs ?? []).map((p) => [p.id, p]))
  const users = new Map((initial.users ?? []).map((u) => [u.id, u]))
  const nodeIdsByName = new Map<string, string>()
  const podIdsByName = new Map<string, string>()
  const podIdsByNode = new Map<string, Set<string>>()
  const podListeners = new Set<ChangeListener<PodRecord>>()
  const nodeListeners = new Set<ChangeListener<NodeRecord>>()
  const podKey = (ns: string, name: string) => `${ns}/${name}`

  const indexPod = (prev: PodRecord | undefined, next: PodRecord | undefined) => {
    if (prev) {
      podIdsByName.delete(podKey(prev.namespace, prev.name))
      if (prev.nodeId) podIdsByNode.get(prev.nodeId)?.delete(prev.id)
    }
    if (next) {
      podIdsByName.set(podKey(next.namespace, next.name), next.id)
      if (next.nodeId) {
        let set = podIdsByNode.get(next.nodeId)
        if (!set) podIdsByNode.set(next.nodeId, (set = new Set()))
        set.add(next.id)
      }
    }
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
    nodes.set(next.id, next)
    return prev
  }
  for (const n of initial.nodes ?? []) putNode(n)
  for (const p of initial.pods ?? []) putPod(p)

  const notify = <T>(set: Set<ChangeListener<T>>, prev: T | undefined, next: T | undefined) => {
    for (const fn of set) fn(prev, next)
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
    podsOnNode: (nodeId) => [...(podIdsByNode.get(nodeId) ?? [])].map((id) => pods.get(id)!).filter(Boolean),
    apply(changes) {
      const podChanges: [PodRecord | undefined, PodRecord | undefined][] = []
      const nodeChanges: [NodeRecord | undefined, NodeRecord | undefined][] = []
      for (const n of changes.nodes ?? []) nodeChanges.push([putNode(n), n])
      for (const p of changes.pods ?? []) podChanges.push([putPod(p), p])
      for (const id of changes.deletedPods ?? []) {
        const prev = pods.get(id)
        if (!prev) continue
        indexPod(prev, undefined)
        pods.delete(id)
        podChanges.push([prev, undefined])
      }
      for (const id of changes.deletedNodes ?? []) {
        const prev = nodes.get(id)
        if (!prev) continue
        nodeIdsByName.delete(prev.name)
        nodes.delete(id)
        nodeChanges.push([prev, undefined])
      }
      for (const [prev, next] of nodeChanges) notify(nodeListeners, prev, next)
      for (const [prev, next] of podChanges) notify(podListeners, prev, next)
    },
    onPodChange(fn) {
      podListeners.add(fn)
      return () => podListeners.delete(fn)
    },
    onNodeChange(fn) {
      nodeListeners.add(fn)
      return () => nodeListeners.delete(fn)
    },
  }
}
