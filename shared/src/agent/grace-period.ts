/**
 * A stopping pod's grace period, the same for every runtime: the first stop starts it; a later
 * stop may bring its end closer, never push it back; when it runs out, `expire` ends the pod the
 * hard way (terminate the worker, kill the process, remove the frame).
 */
import type { Clock, Timer } from '../time/clock'

export interface GracePeriod {
  /** Starts (or shortens) the grace period. */
  begin(gracePeriodMs: number): void
  /** The pod ended by itself: nothing left to expire. */
  cancel(): void
}

export function createGracePeriod(clock: Clock, expire: (gracePeriodMs: number) => void): GracePeriod {
  let deadline = Infinity
  let timer: Timer | undefined
  return {
    begin(gracePeriodMs) {
      const at = clock.now() + gracePeriodMs
      if (at >= deadline) return
      deadline = at
      timer?.cancel()
      timer = clock.setTimeout(() => expire(gracePeriodMs), gracePeriodMs)
    },
    cancel() {
      timer?.cancel()
      timer = undefined
    },
  }
}
