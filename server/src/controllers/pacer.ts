/**
 * Pacing by cost, per key. Some work grows with the cluster — planning a service of 10,000
 * replicas, rebuilding its list row — and is asked for again by every change of any of its pods:
 * run each time, it would hold the server's one thread while those pods bind. After a run that
 * took `cost` ms, the same key waits until that work has taken at most `share` of the time since
 * it started; a run under `freeMs` never delays the next (small services react at once).
 * Pure bookkeeping: the caller measures with the clock it is given and schedules the wait.
 */
import type { Clock } from '@stark/shared'

export interface PacerOptions {
  clock: Pick<Clock, 'now'>
  /** The most of the time one key's work may take (0 < share ≤ 1; default 0.2). */
  share?: number
  /** Runs cheaper than this are never paced (ms; default 5). */
  freeMs?: number
  /** The longest wait (ms; default 1000). */
  maxDelayMs?: number
}

/** How long to wait after a run that took `costMs`, so that the work takes at most `share` of the time. */
export function pacedDelay(costMs: number, share: number, freeMs: number, maxDelayMs: number): number {
  if (!(costMs >= freeMs)) return 0
  return Math.min(maxDelayMs, Math.ceil(costMs * (1 / share - 1)))
}

export function createPacer(options: PacerOptions) {
  const { clock } = options
  const share = options.share ?? 0.2
  const freeMs = options.freeMs ?? 5
  const maxDelayMs = options.maxDelayMs ?? 1000
  const notBefore = new Map<string, number>()
  return {
    /** Runs `fn` now (synchronously) and notes, from what it took, when `key` may run again. */
    run<T>(key: string, fn: () => T): T {
      const started = clock.now()
      try {
        return fn()
      } finally {
        const ended = clock.now()
        const delay = pacedDelay(ended - started, share, freeMs, maxDelayMs)
        if (delay > 0) notBefore.set(key, ended + delay)
        else notBefore.delete(key)
      }
    },
    /** How long `key` should wait before its next run (ms; 0: now). */
    wait(key: string): number {
      const at = notBefore.get(key)
      if (at === undefined) return 0
      const left = at - clock.now()
      if (left > 0) return left
      notBefore.delete(key)
      return 0
    },
    forget(key: string) {
      notBefore.delete(key)
    },
  }
}
export type Pacer = ReturnType<typeof createPacer>
