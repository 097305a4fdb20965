import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { describe, expect, it } from 'vitest'
import { createWorkQueue, retryDelay, TerminalError, type ReconcileResult } from './work-queue'

function setup(
  reconcile: (key: string) => Promise<ReconcileResult | void> | ReconcileResult | void,
  extra: { concurrency?: number } = {},
) {
  const clock = fakeClock()
  // Pumps run as microtasks, so the fake clock's advance() sees each reconcile before moving on.
  const q = createWorkQueue({
    name: 'test',
    clock,
    log: silentLogger,
    reconcile,
    baseBackoffMs: 100,
    maxBackoffMs: 1000,
    defer: queueMicrotask,
    ...extra,
  })
  return { clock, q }
}

describe('retryDelay', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [60, 1000],
  ])('failure %i waits %i ms', (n, ms) => expect(retryDelay(n, 100, 1000)).toBe(ms))
})

describe('work queue', () => {
  it('de-duplicates keys queued before they run', async () => {
    const seen: string[] = []
    const { q } = setup((k) => void seen.push(k))
    q.add('a')
    q.add('b')
    q.add('a')
    q.add('a')
    await q.idle()
    expect(seen).toEqual(['a', 'b'])
  })

  it('a key added while it is being reconciled runs once more afterwards, never twice at once', async () => {
    const seen: string[] = []
    let running = 0
    let maxRunning = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { q } = setup(
      async (k) => {
        running++
        maxRunning = Math.max(maxRunning, running)
        seen.push(k)
        if (seen.length === 1) await gate
        running--
      },
      { concurrency: 4 },
    )
    q.add('a')
    await new Promise((r) => setImmediate(r))
    q.add('a')
    q.add('a')
    release()
    await q.idle()
    expect(seen).toEqual(['a', 'a'])
    expect(maxRunning).toBe(1)
  })

  it('requeueAfter reconciles again when the clock gets there', async () => {
    const times: number[] = []
    const { q, clock } = setup(() => {
      times.push(clock.now())
      return times.length < 3 ? { requeueAfter: 5000 } : {}
    })
    const t0 = clock.now()
    q.add('a')
    await q.idle()
    expect(times).toEqual([t0])
    await clock.advance(4999)
    await q.idle()
    expect(times).toHaveLength(1)
    await clock.advance(1)
    await q.idle()
    await clock.advance(5000)
    await q.idle()
    expect(times).toEqual([t0, t0 + 5000, t0 + 10_000])
    expect(q.depth.delayed).toBe(0)
  })

  it('the earliest of several delayed adds wins', async () => {
    const times: number[] = []
    const { q, clock } = setup(() => void times.push(clock.now()))
    const t0 = clock.now()
    q.addAfter('a', 3000)
    q.addAfter('a', 1000)
    q.addAfter('a', 2000)
    await clock.advance(5000)
    await q.idle()
    expect(times).toEqual([t0 + 1000])
  })

  it('failures retry with exponential back-off per key; success resets it', async () => {
    const times: number[] = []
    let failUntil = 4
    const { q, clock } = setup(() => {
      times.push(clock.now())
      if (times.length < failUntil) throw new Error('database hiccup')
    })
    const t0 = clock.now()
    q.add('a')
    await q.idle()
    expect(q.failures('a')).toBe(1)
    await clock.advance(10_000)
    await q.idle()
    expect(times.map((t) => t - t0)).toEqual([0, 100, 300, 700])
    expect(q.failures('a')).toBe(0)
    failUntil = 0
  })

  it('a TerminalError is not retried', async () => {
    let calls = 0
    const { q, clock } = setup(() => {
      calls++
      throw new TerminalError('bad record')
    })
    q.add('a')
    await q.idle()
    await clock.advance(60_000)
    await q.idle()
    expect(calls).toBe(1)
    expect(q.failures('a')).toBe(0)
  })

  it('stop cancels delayed keys and takes no more', async () => {
    let calls = 0
    const { q, clock } = setup(() => {
      calls++
      return { requeueAfter: 100 }
    })
    q.add('a')
    await q.idle()
    q.stop()
    q.add('b')
    await clock.advance(1000)
    await q.idle()
    expect(calls).toBe(1)
    expect(clock.pending()).toBe(0)
  })
})
