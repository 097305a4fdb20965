/**
 * schedule(pod, snapshot) → a node and its scores, or a diagnosis. Pure: it reads the snapshot,
 * writes nothing; binding is the caller's job.
 *
 * Filters run per node and stop at the first rejection (its reason is counted). Like
 * Kubernetes' percentageOfNodesToScore, large clusters stop searching once enough feasible nodes
 * were found, starting from a rotating offset so every node gets its turn.
 */
import type { Rng } from '@stark/shared'
import { buildDiagnosis } from './diagnosis'
import { normalizeScores } from './normalize'
import type { NodeInfo, PodToSchedule, ScheduleResult, Snapshot, WeightedPlugin } from './types'

export interface ScheduleOptions {
  plugins: readonly WeightedPlugin[]
  rng: Rng
  /** Where the feasibility search starts (the caller rotates it). */
  startIndex?: number
  /** Stop after this many feasible nodes (default: adaptive, see feasibleNodesToFind). */
  feasibleLimit?: number
}

/** 100% for small clusters, tapering to 5% (never fewer than 100 nodes) for large ones. */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total
  const percentage = Math.max(5, 50 - Math.floor(total / 125))
  return Math.max(100, Math.floor((total * percentage) / 100))
}

export function schedule(pod: PodToSchedule, snapshot: Snapshot, options: ScheduleOptions): ScheduleResult {
  const nodes = snapshot.nodes
  const total = nodes.length
  const limit = options.feasibleLimit ?? feasibleNodesToFind(total)
  const filters = options.plugins.filter((p) => p.plugin.filter)
  const scorers = options.plugins.filter((p) => p.plugin.score && p.weight > 0)
  const start = total === 0 ? 0 : (options.startIndex ?? 0) % total

  const feasible: NodeInfo[] = []
  const rejections: { nodeId: string; reason: string; unresolvable: boolean }[] = []
  let evaluated = 0
  for (let i = 0; i < total && feasible.length < limit; i++) {
    const info = nodes[(start + i) % total]!
    evaluated++
    let rejected = false
    for (const { plugin } of filters) {
      const r = plugin.filter!(pod, info)
      if (!r.ok) {
        rejections.push({ nodeId: info.node.id, reason: r.reason, unresolvable: r.unresolvable ?? false })
        rejected = true
        break
      }
    }
    if (!rejected) feasible.push(info)
  }
  if (feasible.length === 0) return { ok: false, diagnosis: buildDiagnosis(total, rejections) }

  const totals = new Array<number>(feasible.length).fill(0)
  const perPlugin: Record<string, number[]> = {}
  for (const { plugin, weight } of scorers) {
    const raw = feasible.map((info) => plugin.score!(pod, info))
    const normalized = normalizeScores(raw, plugin.normalize ?? 'none')
    perPlugin[plugin.name] = normalized
    for (let i = 0; i < normalized.length; i++) totals[i]! += normalized[i]! * weight
  }
  let best = -Infinity
  let candidates: number[] = []
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i]!
    if (t > best + 1e-9) {
      best = t
      candidates = [i]
    } else if (Math.abs(t - best) <= 1e-9) candidates.push(i)
  }
  const pick = candidates[Math.floor(options.rng() * candidates.length)]!
  const scores: Record<string, number> = {}
  for (const [name, values] of Object.entries(perPlugin)) scores[name] = Math.round(values[pick]!)
  return { ok: true, nodeId: feasible[pick]!.node.id, score: best, scores, feasible: feasible.length, evaluated }
}
