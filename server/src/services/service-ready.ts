/**
 * How many live pods of each service are ready now, as a computed view per service: it follows
 * the service's pods, their nodes and their readiness (the `stark:ready` line, the bundle lookup),
 * and recounts only after one of those changed. The service controller watches these counts (a
 * pod saying it is ready wakes its service), and the service view reads them.
 */
import { type ComputedRef, computed } from '@vue/reactivity'
import type { ClusterState } from '../state/cluster-state'
import { isLive } from './plan-pods'
import type { Readiness } from './readiness'
import type { ServiceStore } from './service-store'

export interface ServiceReadyDeps {
  state: ClusterState
  services: ServiceStore
  readiness: Pick<Readiness, 'readySince'>
}

export function createServiceReady(deps: ServiceReadyDeps) {
  const { state, services, readiness } = deps
  const perService = new Map<string, ComputedRef<number>>()
  const count = (serviceId: string) => {
    let n = 0
    for (const p of services.pods(serviceId)) {
      const nodeReady = p.nodeId !== null && state.nodes.get(p.nodeId)?.status === 'Ready'
      if (isLive(p) && readiness.readySince(p, nodeReady) !== null) n++
    }
    return n
  }
  return {
    /** Live pods of the service that are ready (0 for a service that does not exist). */
    ready(serviceId: string): number {
      if (!services.get(serviceId)) {
        perService.delete(serviceId)
        return 0
      }
      let view = perService.get(serviceId)
      if (!view) perService.set(serviceId, (view = computed(() => count(serviceId))))
      return view.value
    },
    /** Every service's ready count (read inside a watcher, it follows them all and the list). */
    all(): Map<string, number> {
      return new Map(services.all().map((s) => [s.id, this.ready(s.id)]))
    },
  }
}
export type ServiceReady = ReturnType<typeof createServiceReady>
