/**
 * How busy a worker's event loop is, as the worker itself can tell: a browser shows no thread's CPU
 * time to a page. A check is set for a random moment (50–150 ms apart, so it cannot fall in step
 * with a pack's own timers); one that runs more than `LATE_MS` late found the loop busy — running
 * the pack, or waiting for a core. The share of late checks is the share of time the loop was busy.
 * Bursts shorter than a few ms count only in part; a loop that never yields runs no check at all
 * (the page counts a worker that reports nothing as fully busy).
 */

export interface BusySamplerDeps {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  random(): number
}

/** A check this late (ms) found the loop busy; timers are a little late on an idle loop too. */
export const LATE_MS = 3

export interface BusyCounts {
  /** Checks run so far. */
  checks: number
  /** Of those, the ones that ran late. */
  busy: number
}

export function startBusySampler(deps: BusySamplerDeps, meanMs = 100): { read(): BusyCounts } {
  let checks = 0
  let busy = 0
  const schedule = () => {
    const wait = meanMs * (0.5 + deps.random())
    const due = deps.now() + wait
    deps.setTimeout(() => {
      checks++
      if (deps.now() - due > LATE_MS) busy++
      schedule()
    }, wait)
  }
  schedule()
  return { read: () => ({ checks, busy }) }
}
