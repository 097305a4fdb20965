import { FIT, type FilterResult, type NodeInfo, type PodToSchedule, type SchedulerPlugin } from '../types'

export const INSUFFICIENT_CPU = 'insufficient cpu'
export const INSUFFICIENT_MEMORY = 'insufficient memory'
export const TOO_MANY_PODS = 'too many pods'

/** `allocatable − allocated ≥ requested` for CPU, memory and the pod count. */
export function fits(pod: PodToSchedule, info: NodeInfo): FilterResult {
  const { allocatable } = info.node
  const req = pod.pod.spec.resources
  if (info.allocated.pods + 1 > allocatable.pods) return { ok: false, reason: TOO_MANY_PODS }
  if (info.allocated.cpu + req.cpu > allocatable.cpu) return { ok: false, reason: INSUFFICIENT_CPU }
  if (info.allocated.memory + req.memory > allocatable.memory) return { ok: false, reason: INSUFFICIENT_MEMORY }
  return FIT
}

export const resourcesFit = { name: 'ResourcesFit', filter: fits } satisfies SchedulerPlugin
