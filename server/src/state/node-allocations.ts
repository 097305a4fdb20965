/**
 * The pods holding capacity on each node (bound there, Scheduled, Running or Stopping), kept by the
 * state's `apply()` as pods bind, change and end: a node's allocation is read without walking
 * anything but its own pods, and summed again only after one of them changed. A view handed out
 * stays as it was (a new one is made after a change), so readers may keep it.
 */
import { addRequest, holdsCapacity, type Resources, ZERO } from '@stark/shared'
import type { PodRecord } from '../store/records'

export interface NodeAllocation {
  /** Requests of the pods holding capacity on the node (`pods` counts them). */
  readonly allocated: Resources
  /** Those pods, by id. */
  readonly pods: ReadonlyMap<string, PodRecord>
}

interface Entry {
  /** The pods holding capacity on the node now (changed in place). */
  held: Map<string, PodRecord>
  /** The view of `held` last handed out; undefined after a change. */
  view: NodeAllocation | undefined
}

export interface NodeAllocations {
  /** A pod went from `prev` to `next` (either undefined: created or deleted). */
  change(prev: PodRecord | undefined, next: PodRecord | undefined): void
  allocation(nodeId: string): NodeAllocation
  /** The live set behind a node's allocation (not a snapshot: read it, do not keep it). */
  held(nodeId: string): ReadonlyMap<string, PodRecord> | undefined
}

const EMPTY: NodeAllocation = Object.freeze({ allocated: Object.freeze({ ...ZERO }), pods: new Map() })
const holdsOn = (p: PodRecord | undefined): p is PodRecord & { nodeId: string } =>
  p !== undefined && p.nodeId !== null && p.nodeId !== undefined && holdsCapacity(p.status)

export function createNodeAllocations(): NodeAllocations {
  const byNode = new Map<string, Entry>()
  const leave = (nodeId: string, podId: string) => {
    const e = byNode.get(nodeId)
    if (!e?.held.delete(podId)) return
    e.view = undefined
    if (e.held.size === 0) byNode.delete(nodeId)
  }
  return {
    change(prev, next) {
      const was = holdsOn(prev) ? prev.nodeId : undefined
      const is = holdsOn(next) ? next.nodeId : undefined
      if (was !== undefined && was !== is) leave(was, prev!.id)
      if (is === undefined) return
      let e = byNode.get(is)
      if (!e) byNode.set(is, (e = { held: new Map(), view: undefined }))
      e.held.set(next!.id, next!)
      e.view = undefined
    },
    allocation(nodeId) {
      const e = byNode.get(nodeId)
      if (!e) return EMPTY
      if (e.view) return e.view
      let allocated: Resources = { ...ZERO }
      for (const p of e.held.values()) allocated = addRequest(allocated, p.spec.resources)
      e.view = { allocated, pods: new Map(e.held) }
      return e.view
    },
    held: (nodeId) => byNode.get(nodeId)?.held,
  }
}
