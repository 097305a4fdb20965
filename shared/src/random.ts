/** Randomness, injected: a function returning a float in [0, 1). */
export type Rng = () => number

/** A small deterministic generator (mulberry32) for tests and reproducible benchmarks. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Kubernetes' alphabet for generated name suffixes: no vowels (no accidental words), no 0/1/3.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** A short random suffix, as in `hello-7xk2p`. */
export function nameSuffix(rng: Rng, length = 5): string {
  let out = ''
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[Math.floor(rng() * SUFFIX_ALPHABET.length)]
  return out
}

/** Spreads `base` by ±`fraction` (e.g. 0.1 = ±10%), for heartbeat and back-off jitter. */
export function jitter(rng: Rng, base: number, fraction: number): number {
  return Math.round(base * (1 + (rng() * 2 - 1) * fraction))
}
