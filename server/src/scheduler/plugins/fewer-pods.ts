import type { SchedulerPlugin } from '../types'

/** Prefer the node running the fewest pods (the count, scored in reverse: the emptiest scores 100). */
export const fewerPods = {
  name: 'FewerPods',
  score: (_pod, info) => info.allocated.pods,
  normalize: 'reverse',
} satisfies SchedulerPlugin
