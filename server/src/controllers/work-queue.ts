/**
 * The controllers' work queue, after controller-runtime's: keys (not events) go in, each key is
 * reconciled by one level-based function that reads the whole current state. A key is queued at
 * most once; a key added while it is being reconciled runs once more afterwards. The reconciler
 * never sleeps or loops: it returns `{ requeueAfter }` to look again later, throws to be retried
 * with per-key exponential back-off, or throws a TerminalError to be logged and left alone.
 * Time comes from the injected Clock, so tests move a fake clock instead of waiting.
 */
import type { Clock, Logger, Timer } from '@stark/shared'

export interface ReconcileResult {
  /** Reconcile this key again after this many ms (e.g. when a back-off or a readiness window ends). */
  requeueAfter?: number | undefined
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void> | ReconcileResult | void

/** An error retrying cannot fix (bad data): logged, not retried. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError'
}

export interface WorkQueueOptions {
  name: string
  clock: Clock
  log: Logger
  reconcile: Reconciler
  /** Retry delay after the first failure of a key, doubling per failure up to `maxBackoffMs`. */
  baseBackoffMs?: number
  maxBackoffMs?: number
  /** Keys reconciled at once (default 1). */
  concurrency?: number
  /** Schedules the next pump (default setImmediate: after the current tick's changes). */
  defer?: (fn: () => void) => void
}

export const DEFAULT_WORK_QUEUE_BACKOFF = { baseMs: 100, maxMs: 60_000 }

/** Pure: the delay before retry number `failures` (1-based). */
export function retryDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)))
}

export function createWorkQueue(options: WorkQueueOptions) {
  const { clock, log, name } = options
  const base = options.baseBackoffMs ?? DEFAULT_WORK_QUEUE_BACKOFF.baseMs
  const max = options.maxBackoffMs ?? DEFAULT_WORK_QUEUE_BACKOFF.maxMs
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const defer = options.defer ?? ((fn) => void setImmediate(fn))

  const queue = new Set<string>() // insertion-ordered, de-duplicated
  const processing = new Set<string>()
  const dirty = new Set<string>()
  const failures = new Map<string, number>()
  const delayed = new Map<string, { at: number; timer: Timer }>()
  const idleWaiters: (() => void)[] = []
  let pumpScheduled = false
  let stopped = false

  function add(key: string) {
    if (stopped) return
    if (processing.has(key)) {
      dirty.add(key)
      return
    }
    queue.add(key)
    schedulePump()
  }

  function addAfter(key: string, ms: number) {
    if (stopped) return
    if (ms <= 0) return add(key)
    const at = clock.now() + ms
    const existing = delayed.get(key)
    if (existing && existing.at <= at) return
    existing?.timer.cancel()
    const timer = clock.setTimeout(() => {
      if (delayed.get(key)?.timer === timer) delayed.delete(key)
      add(key)
    }, ms)
    delayed.set(key, { at, timer })
  }

  function schedulePump() {
    if (pumpScheduled || stopped) return
    pumpScheduled = true
    defer(() => {
      pumpScheduled = false
      pump()
    })
  }

  function pump() {
    while (!stopped && processing.size < concurrency && queue.size > 0) {
      const key = queue.values().next().value!
      queue.delete(key)
      processing.add(key)
      void run(key)
    }
    notifyIdle()
  }

  async function run(key: string) {
    let next: { after: number } | undefined
    try {
      const result = await options.reconcile(key)
      failures.delete(key)
      if (result?.requeueAfter !== undefined) next = { after: Math.max(0, result.requeueAfter) }
    } catch (error) {
      if (error instanceof TerminalError) {
        failures.delete(key)
        log.error(`${name}: giving up on ${key}`, { error: error.message })
      } else {
        const n = (failures.get(key) ?? 0) + 1
        failures.set(key, n)
        const after = retryDelay(n, base, max)
        log.warn(`${name}: reconcile failed; retrying`, { key, attempt: n, retryInMs: after, error: String(error) })
        next = { after }
      }
    } finally {
      processing.delete(key)
    }
    if (dirty.delete(key)) add(key)
    else if (next) addAfter(key, next.after)
    if (queue.size > 0) schedulePump()
    notifyIdle()
  }

  function notifyIdle() {
    if (queue.size > 0 || processing.size > 0 || pumpScheduled) return
    for (const w of idleWaiters.splice(0)) w()
  }

  return {
    name,
    add,
    addAfter,
    /** Keys waiting, being reconciled, and waiting for a timer. */
    get depth() {
      return { queued: queue.size, processing: processing.size, delayed: delayed.size }
    },
    /** Consecutive failures of a key (0 when its last reconcile succeeded). */
    failures: (key: string) => failures.get(key) ?? 0,
    /** Resolves when nothing is queued or running (delayed keys do not count). */
    idle(): Promise<void> {
      if (queue.size === 0 && processing.size === 0 && !pumpScheduled) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    stop() {
      stopped = true
      for (const d of delayed.values()) d.timer.cancel()
      delayed.clear()
      queue.clear()
      for (const w of idleWaiters.splice(0)) w()
    },
  }
}
export type WorkQueue = ReturnType<typeof createWorkQueue>
