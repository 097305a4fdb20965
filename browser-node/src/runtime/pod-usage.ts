/**
 * A browser pod's CPU figure for heartbeats, from what its worker's busy sampler reports (see
 * worker/busy-sampler.ts): the share of late checks since the last reading, in millicores (a worker
 * is one thread: 1000 at most). A worker that has reported nothing for `silentAfterMs` is stuck in
 * work that never yields, so it counts as fully busy. Memory is 0: a browser cannot attribute
 * memory to one worker (the node reports the page's heap beside its pods instead).
 */
import type { BusyCounts } from '../worker/busy-sampler'

export interface PodUsageMeter {
  /** What the worker said (cumulative counts; checked by the caller). */
  reported(counts: BusyCounts): void
  /** Use since the previous reading; undefined until the worker has reported once. */
  read(): { cpu: number; memory: number } | undefined
}

export function createPodUsageMeter(now: () => number, silentAfterMs = 3000): PodUsageMeter {
  let latest: (BusyCounts & { at: number }) | undefined
  let previous: BusyCounts = { checks: 0, busy: 0 }
  return {
    reported(counts) {
      // Counts only grow; anything else is not believed.
      if (latest && (counts.checks < latest.checks || counts.busy < latest.busy)) return
      if (counts.busy > counts.checks) return
      latest = { ...counts, at: now() }
    },
    read() {
      if (!latest) return undefined
      if (now() - latest.at > silentAfterMs) return { cpu: 1000, memory: 0 }
      const checks = latest.checks - previous.checks
      const busy = latest.busy - previous.busy
      previous = { checks: latest.checks, busy: latest.busy }
      return { cpu: checks > 0 ? Math.round((busy / checks) * 1000) : 0, memory: 0 }
    },
  }
}
