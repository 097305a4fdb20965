import type { NodeInfo, PodToSchedule, SchedulerPlugin } from '../types'
import { MAX_SCORE } from '../normalize'

/** Share of a resource still free after placing the pod, 0..MAX_SCORE. */
export function freeShare(capacity: number, used: number): number {
  if (capacity <= 0) return 0
  return Math.max(0, ((capacity - used) * MAX_SCORE) / capacity)
}

export function leastAllocatedScore(pod: PodToSchedule, info: NodeInfo): number {
  const a = info.node.allocatable
  const req = pod.pod.spec.resources
  return (freeShare(a.cpu, info.allocated.cpu + req.cpu) + freeShare(a.memory, info.allocated.memory + req.memory)) / 2
}

/** Spread (the default): prefer the node with the most CPU and memory left after placing. */
export const leastAllocated = {
  name: 'LeastAllocated',
  score: leastAllocatedScore,
  normalize: 'none',
} satisfies SchedulerPlugin
