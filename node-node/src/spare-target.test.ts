import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSpareTarget } from './spare-target'

const MB = 1024 * 1024

describe('spare target', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function target(over: { maxWarm?: number; forgetAfterMs?: number; free?: () => number } = {}) {
    const forgotten: number[] = []
    const t = createSpareTarget({
      size: 2,
      spareBytes: 64 * MB,
      freeMemory: over.free ?? (() => 64 * 1024 * MB),
      ...(over.maxWarm !== undefined ? { maxWarm: over.maxWarm } : {}),
      ...(over.forgetAfterMs !== undefined ? { forgetAfterMs: over.forgetAfterMs } : {}),
      onForget: (heapMb) => forgotten.push(heapMb),
    })
    return { t, forgotten }
  }
  const burst = (t: ReturnType<typeof createSpareTarget>, heapMb: number, n: number) => {
    for (let i = 0; i < n; i++) t.took(heapMb)
  }

  it('keeps size, or the largest burst seen up to maxWarm, per heap size', () => {
    const { t } = target({ maxWarm: 6 })
    expect(t.next(64)).toBe(2)
    burst(t, 64, 5)
    expect(t.next(64)).toBe(5)
    burst(t, 64, 1) // a single take later does not forget the burst
    expect(t.next(64)).toBe(5)
    burst(t, 64, 9)
    expect(t.next(64)).toBe(6)
    expect(t.next(128)).toBe(2) // each heap size learns its own
    t.close()
  })

  it('keeps spares beyond size only while they stay under a quarter of the free memory', () => {
    let free = 64 * 1024 * MB
    const { t } = target({ free: () => free })
    burst(t, 64, 8)
    expect(t.next(64)).toBe(8)
    free = 4 * 3 * 64 * MB // room for three beyond size
    expect(t.next(64)).toBe(5)
    free = 0
    expect(t.next(64)).toBe(2)
    t.close()
  })

  it('forgets a heap size’s bursts after forgetAfterMs without a take, and says so', () => {
    const { t, forgotten } = target({ forgetAfterMs: 60_000 })
    burst(t, 64, 6)
    burst(t, 128, 3)
    expect(t.next(64)).toBe(6)
    expect(t.next(128)).toBe(3)
    vi.advanceTimersByTime(30_000)
    t.took(128) // 128 was taken since: its countdown starts again
    expect(t.next(128)).toBe(3)
    vi.advanceTimersByTime(30_000)
    expect(forgotten).toEqual([64])
    expect(t.next(64)).toBe(2)
    expect(t.next(128)).toBe(3)
    vi.advanceTimersByTime(30_000)
    expect(forgotten).toEqual([64, 128])
    expect(t.next(128)).toBe(2)
    t.close()
  })

  it('has nothing to forget when it cannot learn (maxWarm ≤ size) or is told never to', () => {
    for (const over of [{ maxWarm: 2 }, { forgetAfterMs: 0 }]) {
      const { t, forgotten } = target(over)
      burst(t, 64, 4)
      vi.advanceTimersByTime(60 * 60_000)
      expect(forgotten).toEqual([])
      t.close()
    }
  })

  it('close stops the countdowns', () => {
    const { t, forgotten } = target({ forgetAfterMs: 1_000 })
    burst(t, 64, 4)
    t.close()
    vi.advanceTimersByTime(10_000)
    expect(forgotten).toEqual([])
  })
})
