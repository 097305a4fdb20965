export const MAX_SCORE = 100

/**
 * Maps raw scores onto 0..MAX_SCORE. 'max' divides by the highest raw score; 'reverse' does the
 * same and flips it, so the lowest raw value (e.g. fewest untolerated taints) scores highest.
 */
export function normalizeScores(raw: number[], mode: 'none' | 'max' | 'reverse'): number[] {
  if (mode === 'none') return raw.map((s) => Math.max(0, Math.min(MAX_SCORE, s)))
  const max = Math.max(0, ...raw)
  if (max === 0) return raw.map(() => (mode === 'reverse' ? MAX_SCORE : 0))
  return raw.map((s) => {
    const scaled = (MAX_SCORE * s) / max
    return mode === 'reverse' ? MAX_SCORE - scaled : scaled
  })
}
