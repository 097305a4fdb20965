/**
 * The default plugin set and weights. One list, validated at start; the live path and the
 * benchmarks use exactly this.
 */
import type { SchedulerPlugin, WeightedPlugin } from './types'
import { nodeReady } from './plugins/node-ready'
import { nodeUnschedulable } from './plugins/node-unschedulable'
import { runtimeMatch } from './plugins/runtime-match'
import { resourcesFit } from './plugins/resources-fit'
import { leastAllocated } from './plugins/least-allocated'

export interface SchedulerProfile {
  /** Score weights by plugin name; a weight of 0 turns a scorer off. */
  weights?: Record<string, number>
}

const ALL: SchedulerPlugin[] = [nodeReady, nodeUnschedulable, runtimeMatch, resourcesFit, leastAllocated]

const DEFAULT_WEIGHTS: Record<string, number> = { LeastAllocated: 1 }

export function defaultPlugins(profile: SchedulerProfile = {}): WeightedPlugin[] {
  const weights = { ...DEFAULT_WEIGHTS, ...profile.weights }
  for (const [name, weight] of Object.entries(weights)) {
    if (!ALL.some((p) => p.name === name)) throw new Error(`scheduler profile: unknown plugin "${name}"`)
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`scheduler profile: weight of ${name} must be ≥ 0`)
  }
  return ALL.map((plugin) => ({ plugin, weight: weights[plugin.name] ?? 0 }))
}
