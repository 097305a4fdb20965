import { type ShallowRef, watch } from '@vue/reactivity'
import type { NodeRecord, PodRecord } from '../store/records'
import type { AppliedChanges, ChangeListener } from './cluster-state'

export interface ChangeHandlers {
  node?: ChangeListener<NodeRecord>
  pod?: ChangeListener<PodRecord>
}

/**
 * Watches the state's change feed and hands each changed record (before, after) to the handlers:
 * nodes first, then pods, once per applied change set, synchronously after the maps are updated.
 * Called inside an `effectScope`, the watch stops with the scope; it also returns its stop.
 */
export function watchChanges(changes: Readonly<ShallowRef<AppliedChanges>>, on: ChangeHandlers): () => void {
  const handle = watch(changes, (c) => {
    if (on.node) for (const { prev, next } of c.nodes) on.node(prev, next)
    if (on.pod) for (const { prev, next } of c.pods) on.pod(prev, next)
  })
  return () => handle.stop()
}
