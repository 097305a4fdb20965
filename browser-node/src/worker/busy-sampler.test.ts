import { describe, expect, it } from 'vitest'
import { LATE_MS, startBusySampler } from './busy-sampler'

/** A worker's loop on a fake clock: timers run in due order, each after the loop's current work. */
function fakeLoop() {
  let now = 0
  const timers: { at: number; fn: () => void }[] = []
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      timers.push({ at: now + ms, fn })
    },
    random: () => 0.5,
    /** Runs the loop until `until`; `busy(from)` says how long a task starting at `from` keeps the loop busy. */
    run(until: number, busy: (from: number) => number = () => 0) {
      while (timers.length) {
        timers.sort((a, b) => a.at - b.at)
        const next = timers[0]!
        if (next.at > until) break
        // The loop was busy up to some point: a timer due meanwhile runs when the task ends.
        const taskEnd = busy(next.at)
        now = Math.max(now, next.at, taskEnd)
        timers.shift()!.fn()
      }
      now = Math.max(now, until)
    },
  }
}

describe('the busy sampler', () => {
  it('finds an idle loop idle', () => {
    const loop = fakeLoop()
    const sampler = startBusySampler(loop)
    loop.run(10_000)
    expect(sampler.read()).toEqual({ checks: 100, busy: 0 })
  })

  it('finds a loop busy in 50 ms tasks with 50 ms gaps busy about half the time', () => {
    const loop = fakeLoop()
    const sampler = startBusySampler({ ...loop, random: seeded(7) })
    // Tasks run from every multiple of 100 ms for 50 ms.
    loop.run(60_000, (t) => (t % 100 < 50 ? t - (t % 100) + 50 : t))
    const { checks, busy } = sampler.read()
    expect(checks).toBeGreaterThan(300)
    // Checks due in the last LATE_MS of a task are not late enough to count.
    expect(busy / checks).toBeGreaterThan(0.5 - LATE_MS / 100 - 0.08)
    expect(busy / checks).toBeLessThan(0.5 + 0.08)
  })

  it('finds a loop that is always busy fully busy', () => {
    const loop = fakeLoop()
    const sampler = startBusySampler(loop)
    loop.run(5000, (t) => t + 20)
    const { checks, busy } = sampler.read()
    expect(checks).toBeGreaterThan(0)
    expect(busy).toBe(checks)
  })
})

function seeded(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}
