/**
 * The default plugin set, its order and the scoring profiles. One list, validated at start; the
 * live path and the benchmarks use exactly this.
 *
 * Filters run in this order and a node's first rejection is the reason counted for it, so the
 * only filter whose rejection preemption can resolve (ResourcesFit) runs last: a node it rejects
 * passed every other filter.
 */
import { schedulerProfileNames, type SchedulerProfileName } from '@stark/shared'
import type { SchedulerPlugin, WeightedPlugin } from './types'
import { nodeName } from './plugins/node-name'
import { nodeReady } from './plugins/node-ready'
import { nodeUnschedulable } from './plugins/node-unschedulable'
import { runtimeMatch } from './plugins/runtime-match'
import { trust } from './plugins/trust'
import { nodeSelector } from './plugins/node-selector'
import { nodeAffinity } from './plugins/node-affinity'
import { taintToleration } from './plugins/taint-toleration'
import { resourcesFit } from './plugins/resources-fit'
import { leastAllocated } from './plugins/least-allocated'
import { mostAllocated } from './plugins/most-allocated'
import { fewerPods } from './plugins/fewer-pods'

/** Score weights by plugin name; a weight of 0 turns a scorer off. */
export const PROFILES = {
  /** Spread (default): least allocated, fewest pods. */
  spread: { LeastAllocated: 1, FewerPods: 1, NodeAffinity: 2, TaintToleration: 3 },
  /** Bin-pack: fill the most allocated node first, keep others free. */
  binpack: { MostAllocated: 1, NodeAffinity: 2, TaintToleration: 3 },
} satisfies Record<SchedulerProfileName, Record<string, number>>

export interface SchedulerProfile {
  /** A named base profile (default `spread`). */
  name?: SchedulerProfileName
  /** Weights that override the base profile's. */
  weights?: Record<string, number>
}

export const ALL_PLUGINS: readonly SchedulerPlugin[] = [
  nodeName,
  nodeReady,
  nodeUnschedulable,
  runtimeMatch,
  trust,
  nodeSelector,
  nodeAffinity,
  taintToleration,
  resourcesFit,
  leastAllocated,
  mostAllocated,
  fewerPods,
]

export function defaultPlugins(profile: SchedulerProfile = {}): WeightedPlugin[] {
  const base = profile.name ?? 'spread'
  if (!(base in PROFILES))
    throw new Error(`scheduler profile: unknown profile "${String(base)}" (one of ${schedulerProfileNames.join(', ')})`)
  const weights: Record<string, number> = { ...PROFILES[base], ...profile.weights }
  for (const [name, weight] of Object.entries(weights)) {
    const plugin = ALL_PLUGINS.find((p) => p.name === name)
    if (!plugin) throw new Error(`scheduler profile: unknown plugin "${name}"`)
    if (!plugin.score) throw new Error(`scheduler profile: ${name} does not score, so it takes no weight`)
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`scheduler profile: weight of ${name} must be ≥ 0`)
  }
  return ALL_PLUGINS.map((plugin) => ({ plugin, weight: weights[plugin.name] ?? 0 }))
}

/**
 * Reads a profile as configured (settings key `scheduler.profile` or STARK_SCHEDULER_PROFILE):
 * a name (`spread`, `binpack`), or `{ "name": "binpack", "weights": { "NodeAffinity": 5 } }`
 * (JSON when it comes as a string). Throws a readable error on anything else.
 */
export function parseSchedulerProfile(value: unknown): SchedulerProfile {
  if (value === undefined || value === null || value === '') return {}
  if (typeof value === 'string') {
    const text = value.trim()
    if (text.startsWith('{')) return parseSchedulerProfile(JSON.parse(text) as unknown)
    if (!(text in PROFILES))
      throw new Error(`scheduler profile: unknown profile "${text}" (one of ${schedulerProfileNames.join(', ')})`)
    return { name: text as SchedulerProfileName }
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { name, weights, ...rest } = value as Record<string, unknown>
    if (Object.keys(rest).length > 0) throw new Error(`scheduler profile: unknown field(s) ${Object.keys(rest).join(', ')}`)
    const out: SchedulerProfile = {}
    if (name !== undefined) out.name = parseSchedulerProfile(String(name)).name!
    if (weights !== undefined) {
      if (typeof weights !== 'object' || weights === null || Array.isArray(weights))
        throw new Error('scheduler profile: weights must be an object')
      out.weights = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Number(v)]))
    }
    defaultPlugins(out) // validate now
    return out
  }
  throw new Error('scheduler profile: expected a profile name or an object')
}
