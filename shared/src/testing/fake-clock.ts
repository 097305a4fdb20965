import { sleepOn, type Clock, type Timer } from '../time/clock'

interface Scheduled {
  at: number
  seq: number
  fn: () => void
  cancelled: boolean
}

export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order; awaits pending microtasks between timers. */
  advance(ms: number): Promise<void>
  /** Number of timers still waiting. */
  pending(): number
}

/** A deterministic clock for tests: time moves only when the test says so. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start
  let seq = 0
  const queue: Scheduled[] = []

  const flushMicrotasks = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve()
  }

  const clock: FakeClock = {
    now: () => now,
    setTimeout(fn, ms): Timer {
      const entry: Scheduled = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false }
      queue.push(entry)
      return { cancel: () => void (entry.cancelled = true) }
    },
    sleep(ms, signal) {
      return sleepOn(clock, ms, signal)
    },
    async advance(ms) {
      const target = now + ms
      await flushMicrotasks()
      for (;;) {
        const due = queue.filter((e) => !e.cancelled && e.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
        if (!due) break
        queue.splice(queue.indexOf(due), 1)
        now = due.at
        due.fn()
        await flushMicrotasks()
      }
      now = target
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.cancelled) queue.splice(i, 1)
      await flushMicrotasks()
    },
    pending: () => queue.filter((e) => !e.cancelled).length,
  }
  return clock
}
