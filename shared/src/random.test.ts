import { describe, expect, it } from 'vitest'
import { jitter, nameSuffix, seededRng } from './random'

describe('random', () => {
  it('seededRng is deterministic and in [0, 1)', () => {
    const a = seededRng(42)
    const b = seededRng(42)
    const xs = Array.from({ length: 100 }, () => a())
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()))
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })
  it('nameSuffix uses the vowel-free alphabet', () => {
    expect(nameSuffix(seededRng(1))).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })
  it('jitter stays within ±fraction', () => {
    const rng = seededRng(7)
    for (let i = 0; i < 200; i++) {
      const v = jitter(rng, 1000, 0.1)
      expect(v).toBeGreaterThanOrEqual(900)
      expect(v).toBeLessThanOrEqual(1100)
    }
  })
})
