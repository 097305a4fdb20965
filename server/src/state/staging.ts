/**
 * What one write batch has staged: pod, node, history and event changes, after-commit hooks, and
 * which entries were observed (rows another server wrote, read back) rather than changed here.
 * Each function of a batch stages on its own first, and is merged in once it has not thrown.
 */
import type { PodHistoryInput } from '../store/pods'
import type { EventInput, NodeRecord, PodRecord } from '../store/records'

export interface Staging {
  pods: Map<string, PodRecord>
  deletedPods: Set<string>
  nodes: Map<string, NodeRecord>
  deletedNodes: Set<string>
  history: PodHistoryInput[]
  events: (EventInput & { createdAt: number })[]
  afters: (() => void)[]
  /** Keys (`pod:id`, `node:id`) of entries above that were observed, not changed here. */
  observed: Set<string>
}

export const newStaging = (): Staging => ({
  pods: new Map(),
  deletedPods: new Set(),
  nodes: new Map(),
  deletedNodes: new Set(),
  history: [],
  events: [],
  afters: [],
  observed: new Set(),
})

export function mergeInto(target: Staging, s: Staging) {
  for (const key of [...s.pods.keys(), ...s.deletedPods]
    .map((id) => `pod:${id}`)
    .concat([...s.nodes.keys(), ...s.deletedNodes].map((id) => `node:${id}`))) {
    if (s.observed.has(key)) target.observed.add(key)
    else target.observed.delete(key)
  }
  for (const [id, p] of s.pods) {
    target.pods.set(id, p)
    target.deletedPods.delete(id)
  }
  for (const id of s.deletedPods) {
    target.pods.delete(id)
    target.deletedPods.add(id)
  }
  for (const [id, n] of s.nodes) {
    target.nodes.set(id, n)
    target.deletedNodes.delete(id)
  }
  for (const id of s.deletedNodes) {
    target.nodes.delete(id)
    target.deletedNodes.add(id)
  }
  target.history.push(...s.history)
  target.events.push(...s.events)
  target.afters.push(...s.afters)
}
