import type { NodeInfo, PodToSchedule, SchedulerPlugin } from '../types'
import { freeShare } from './least-allocated'
import { MAX_SCORE } from '../normalize'

export function mostAllocatedScore(pod: PodToSchedule, info: NodeInfo): number {
  const a = info.node.allocatable
  const req = pod.pod.spec.resources
  const cpu = MAX_SCORE - freeShare(a.cpu, info.allocated.cpu + req.cpu)
  const memory = MAX_SCORE - freeShare(a.memory, info.allocated.memory + req.memory)
  return (cpu + memory) / 2
}

/** Bin-packing (`scheduler.profile` = binpack): prefer the node with the least CPU and memory left. */
export const mostAllocated = {
  name: 'MostAllocated',
  score: mostAllocatedScore,
  normalize: 'none',
} satisfies SchedulerPlugin
