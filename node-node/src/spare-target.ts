/**
 * How many spares a warm pool keeps per heap size: `size`, or the largest burst of takes it has
 * seen, so the next burst like it starts warm — at most `maxWarm`, and spares beyond `size` only
 * while they would use less than a quarter of the free memory. A heap size with no take for
 * `forgetAfterMs` forgets its bursts, and `onForget` ends the spares beyond `size`: a node left
 * idle gives that memory back.
 */
export interface SpareTargetOptions {
  /** Spares kept per heap size whatever the bursts. */
  size: number
  /** The most a burst can teach (default 8; never fewer than `size`). */
  maxWarm?: number
  /** What one spare is counted at against free memory (bytes). */
  spareBytes: number
  /** Free memory now (bytes). */
  freeMemory: () => number
  /** How long without a take before a heap size forgets its bursts (ms, default 5 minutes; 0: never). */
  forgetAfterMs?: number
  /** A heap size forgot its bursts: end its spares beyond `size`. */
  onForget(heapMb: number): void
}

export function createSpareTarget(options: SpareTargetOptions) {
  const maxWarm = Math.max(options.size, options.maxWarm ?? 8)
  const forgetAfterMs = options.forgetAfterMs ?? 5 * 60_000
  const takes = new Map<number, number>() // heap MB → takes since its last refill (the current burst)
  const largestBurst = new Map<number, number>() // heap MB → the most takes one burst had
  const forgets = new Map<number, ReturnType<typeof setTimeout>>()

  return {
    /** One spare (or a cold start) of `heapMb` was taken. */
    took(heapMb: number) {
      takes.set(heapMb, (takes.get(heapMb) ?? 0) + 1)
      // Only a pool that can learn a burst has one to forget.
      if (forgetAfterMs <= 0 || maxWarm <= options.size) return
      clearTimeout(forgets.get(heapMb))
      const timer = setTimeout(() => {
        forgets.delete(heapMb)
        largestBurst.delete(heapMb)
        takes.delete(heapMb)
        options.onForget(heapMb)
      }, forgetAfterMs)
      timer.unref()
      forgets.set(heapMb, timer)
    },
    /** How many spares of `heapMb` to keep now (at a refill: the burst since the last one is over). */
    next(heapMb: number): number {
      const burst = takes.get(heapMb) ?? 0
      takes.delete(heapMb)
      const largest = Math.max(largestBurst.get(heapMb) ?? 0, burst)
      largestBurst.set(heapMb, largest)
      const wanted = Math.min(maxWarm, Math.max(options.size, largest))
      if (wanted <= options.size) return options.size
      const spares = Math.floor(options.freeMemory() / 4 / options.spareBytes)
      return Math.max(options.size, Math.min(wanted, options.size + spares))
    },
    close() {
      for (const timer of forgets.values()) clearTimeout(timer)
      forgets.clear()
    },
  }
}
export type SpareTarget = ReturnType<typeof createSpareTarget>
