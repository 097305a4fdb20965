import type { Diagnosis } from './types'

/**
 * Folds per-node rejection reasons into one message, most frequent first. A node short of both
 * cpu and memory counts under both ("2 insufficient cpu, 2 insufficient memory").
 */
export function buildDiagnosis(
  total: number,
  rejections: { nodeId: string; reason: string; also?: readonly string[] | undefined; unresolvable: boolean }[],
): Diagnosis {
  const reasons: Record<string, number> = {}
  for (const r of rejections) {
    reasons[r.reason] = (reasons[r.reason] ?? 0) + 1
    for (const a of r.also ?? []) reasons[a] = (reasons[a] ?? 0) + 1
  }
  const parts = Object.entries(reasons)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, count]) => `${count} ${reason}`)
  const message = total === 0 ? '0/0 nodes available: no nodes registered.' : `0/${total} nodes available: ${parts.join(', ')}.`
  return {
    message,
    reasons,
    resolvableNodeIds: rejections.filter((r) => !r.unresolvable).map((r) => r.nodeId),
  }
}
