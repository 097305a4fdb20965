export const MAX_SCORE = 100

export type NormalizeMode = 'none' | 'max' | 'reverse'

/**
 * Maps raw scores onto 0..MAX_SCORE, in place. 'none' clamps; 'max' divides by the highest raw
 * score; 'reverse' does the same and flips it, so the lowest raw value (e.g. fewest untolerated
 * taints) scores highest.
 */
export function normalizeInPlace(values: { length: number; [i: number]: number }, mode: NormalizeMode): void {
  const n = values.length
  if (mode === 'none') {
    for (let i = 0; i < n; i++) values[i] = Math.max(0, Math.min(MAX_SCORE, values[i]!))
    return
  }
  let max = 0
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!
  if (max === 0) {
    const fill = mode === 'reverse' ? MAX_SCORE : 0
    for (let i = 0; i < n; i++) values[i] = fill
    return
  }
  for (let i = 0; i < n; i++) {
    const scaled = (MAX_SCORE * values[i]!) / max
    values[i] = mode === 'reverse' ? MAX_SCORE - scaled : scaled
  }
}

/** The same, returning a new array. */
export function normalizeScores(raw: readonly number[], mode: NormalizeMode): number[] {
  const out = [...raw]
  normalizeInPlace(out, mode)
  return out
}
