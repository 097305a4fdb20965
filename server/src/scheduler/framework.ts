/**
 * schedule(pod, snapshot) → a node and its scores, or a diagnosis. Pure: it reads the snapshot,
 * writes nothing; binding is the caller's job.
 *
 * Filters run per node and stop at the first rejection (its reason is counted). Like
 * Kubernetes' percentageOfNodesToScore, large clusters stop searching once enough feasible nodes
 * were found, starting from a rotating offset so every node gets its turn. Filters and scorers a
 * pod makes moot (`preFilter`/`preScore` → false) are skipped; scores are normalised to 0..100
 * and weighted; a node a plugin calls a last resort is chosen only when no other node is feasible.
 * `runFilters` (preemption, DaemonSet placement) runs every filter.
 */
import type { Rng } from '@stark/shared'
import { buildDiagnosis } from './diagnosis'
import { normalizeInPlace } from './normalize'
import type { FilterResult, NodeInfo, PodToSchedule, ScheduleResult, SchedulerPlugin, Snapshot, WeightedPlugin } from './types'

export interface ScheduleOptions {
  plugins: readonly WeightedPlugin[]
  rng: Rng
  /** Where the feasibility search starts (the caller rotates it). */
  startIndex?: number
  /** Stop after this many feasible nodes (default: adaptive, see feasibleNodesToFind). */
  feasibleLimit?: number
  /** Score buffers the caller keeps between calls (the live loop does), to spare the allocations. */
  scratch?: ScoreScratch
}

/** Reusable buffers: one for the totals, one per scorer, and the feasible nodes' list. */
export interface ScoreScratch {
  buffers: Float64Array[]
  feasible: NodeInfo[]
}

export const createScoreScratch = (): ScoreScratch => ({ buffers: [], feasible: [] })

function buffer(scratch: ScoreScratch | undefined, index: number, n: number): Float64Array {
  if (!scratch) return new Float64Array(n)
  let b = scratch.buffers[index]
  if (!b || b.length < n) b = scratch.buffers[index] = new Float64Array(Math.max(n, 2 * (b?.length ?? 0), 128))
  const view = b.subarray(0, n)
  view.fill(0)
  return view
}

/** 100% for small clusters, tapering to 5% (never fewer than 100 nodes) for large ones. */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total
  const percentage = Math.max(5, 50 - Math.floor(total / 125))
  return Math.max(100, Math.floor((total * percentage) / 100))
}

interface Compiled {
  filters: SchedulerPlugin[]
  lastResorts: SchedulerPlugin[]
  scorers: { plugin: SchedulerPlugin; weight: number }[]
}

/** The plugin list split by phase, once per list (plugin lists are built once at start). */
const compiled = new WeakMap<readonly WeightedPlugin[], Compiled>()
function compile(plugins: readonly WeightedPlugin[]): Compiled {
  let c = compiled.get(plugins)
  if (!c) {
    c = {
      filters: plugins.filter((p) => p.plugin.filter).map((p) => p.plugin),
      lastResorts: plugins.filter((p) => p.plugin.lastResort).map((p) => p.plugin),
      scorers: plugins.filter((p) => p.plugin.score && p.weight > 0),
    }
    compiled.set(plugins, c)
  }
  return c
}

/** Runs every filter on one node; the first rejection, or FIT. */
export function runFilters(pod: PodToSchedule, info: NodeInfo, plugins: readonly WeightedPlugin[]): FilterResult {
  for (const plugin of compile(plugins).filters) {
    const r = plugin.filter!(pod, info)
    if (!r.ok) return r
  }
  return { ok: true }
}

/**
 * Drops the last-resort nodes (in place, compacting the first `n`) when any feasible node is not
 * one; returns how many remain.
 */
function preferFirstChoice(pod: PodToSchedule, feasible: NodeInfo[], n: number, lastResorts: readonly SchedulerPlugin[]): number {
  if (lastResorts.length === 0) return n
  const isLastResort = (info: NodeInfo) => {
    for (const p of lastResorts) if (p.lastResort!(pod, info)) return true
    return false
  }
  let kept = 0
  for (let i = 0; i < n; i++) {
    const info = feasible[i]!
    if (!isLastResort(info)) feasible[kept++] = info
  }
  if (kept > 0) return kept
  // Every feasible node is a last resort: all stay (the compaction above moved none of them).
  return n
}

export function schedule(pod: PodToSchedule, snapshot: Snapshot, options: ScheduleOptions): ScheduleResult {
  const compiled = compile(options.plugins)
  const scorers = compiled.scorers
  const filters = compiled.filters.filter((f) => !f.preFilter || f.preFilter(pod))
  const nodes = snapshot.nodes
  const total = nodes.length
  const limit = options.feasibleLimit ?? feasibleNodesToFind(total)
  const start = total === 0 ? 0 : (options.startIndex ?? 0) % total

  // Filled up to `found` (a scratch list keeps its capacity from one decision to the next).
  const feasible: NodeInfo[] = options.scratch ? options.scratch.feasible : []
  let found = 0
  const rejectedIds: string[] = []
  const rejectedReasons: string[] = []
  const rejectedAlso: (readonly string[] | undefined)[] = []
  const rejectedResolvable: boolean[] = []
  let evaluated = 0
  eachNode: for (let i = 0; i < total && found < limit; i++) {
    const info = nodes[(start + i) % total]!
    evaluated++
    for (let f = 0; f < filters.length; f++) {
      const r = filters[f]!.filter!(pod, info)
      if (!r.ok) {
        rejectedIds.push(info.node.id)
        rejectedReasons.push(r.reason)
        rejectedAlso.push(r.also)
        rejectedResolvable.push(!r.unresolvable)
        continue eachNode
      }
    }
    feasible[found++] = info
  }
  if (found === 0) {
    const rejections = rejectedIds.map((nodeId, i) => ({
      nodeId,
      reason: rejectedReasons[i]!,
      also: rejectedAlso[i],
      unresolvable: !rejectedResolvable[i],
    }))
    return { ok: false, diagnosis: buildDiagnosis(total, rejections) }
  }

  const n = preferFirstChoice(pod, feasible, found, compiled.lastResorts)
  const totals = buffer(options.scratch, 0, n)
  const perPlugin: { name: string; values: Float64Array }[] = []
  for (const { plugin, weight } of scorers) {
    if (plugin.preScore && !plugin.preScore(pod)) continue
    const values = buffer(options.scratch, perPlugin.length + 1, n)
    for (let i = 0; i < n; i++) values[i] = plugin.score!(pod, feasible[i]!)
    normalizeInPlace(values, plugin.normalize ?? 'none')
    for (let i = 0; i < n; i++) totals[i]! += values[i]! * weight
    perPlugin.push({ name: plugin.name, values })
  }
  let best = -Infinity
  const candidates: number[] = []
  for (let i = 0; i < n; i++) {
    const t = totals[i]!
    if (t > best + 1e-9) {
      best = t
      candidates.length = 0
      candidates.push(i)
    } else if (t >= best - 1e-9) candidates.push(i)
  }
  const pick = candidates.length === 1 ? candidates[0]! : candidates[Math.floor(options.rng() * candidates.length)]!
  const scores: Record<string, number> = {}
  for (const { name, values } of perPlugin) scores[name] = Math.round(values[pick]!)
  return { ok: true, nodeId: feasible[pick]!.node.id, score: best, scores, feasible: n, evaluated }
}
