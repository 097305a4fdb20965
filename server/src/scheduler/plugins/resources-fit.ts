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
  const { allocated } = info
  const req = pod.pod.spec.resources
  const pods = allocated.pods + 1 > allocatable.pods
  const cpu = allocated.cpu + req.cpu > allocatable.cpu
  const memory = allocated.memory + req.memory > allocatable.memory
  // Called for every node a decision evaluates: the common answer allocates nothing.
  if (!pods && !cpu && !memory) return FIT
  const short: string[] = []
  if (pods) short.push(TOO_MANY_PODS)
  if (cpu) short.push(INSUFFICIENT_CPU)
  if (memory) short.push(INSUFFICIENT_MEMORY)
  const [reason, ...also] = short as [string, ...string[]]
  return also.length > 0 ? { ok: false, reason, also } : { ok: false, reason }
}

export const resourcesFit = { name: 'ResourcesFit', filter: fits } satisfies SchedulerPlugin
