import { FIT, type FilterResult, type NodeInfo, type PodToSchedule, type SchedulerPlugin } from '../types'

export const INSUFFICIENT_CPU = 'insufficient cpu'
export const INSUFFICIENT_MEMORY = 'insufficient memory'
export const TOO_MANY_PODS = 'too many pods'

/**
 * `allocatable − allocated ≥ requested` for the pod count, CPU and memory. Every shortage is
 * named (as Kubernetes does): a node short of cpu and memory fails for both.
 */
export function fits(pod: PodToSchedule, info: NodeInfo): FilterResult {
  const { allocatable } = info.node
  const req = pod.pod.spec.resources
  const short: string[] = []
  if (info.allocated.pods + 1 > allocatable.pods) short.push(TOO_MANY_PODS)
  if (info.allocated.cpu + req.cpu > allocatable.cpu) short.push(INSUFFICIENT_CPU)
  if (info.allocated.memory + req.memory > allocatable.memory) short.push(INSUFFICIENT_MEMORY)
  if (short.length === 0) return FIT
  const [reason, ...also] = short as [string, ...string[]]
  return also.length > 0 ? { ok: false, reason, also } : { ok: false, reason }
}

export const resourcesFit = { name: 'ResourcesFit', filter: fits } satisfies SchedulerPlugin
