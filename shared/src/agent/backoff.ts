import { jitter, type Rng } from '../random'

export interface BackoffOptions {
  initialMs: number
  maxMs: number
  factor: number
  /** ±fraction applied to every delay, so a fleet does not reconnect in lockstep. */
  jitter: number
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2 }

/** Exponential back-off: next() grows the delay, reset() starts over after a success. */
export function createBackoff(options: BackoffOptions, rng: Rng) {
  let attempt = 0
  return {
    next(): number {
      const base = Math.min(options.maxMs, options.initialMs * options.factor ** attempt)
      attempt++
      return Math.max(0, jitter(rng, base, options.jitter))
    },
    reset() {
      attempt = 0
    },
    get attempts() {
      return attempt
    },
  }
}
