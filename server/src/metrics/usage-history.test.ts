import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { createUsageHistory, downsample, type UsageSample } from './usage-history'

describe('usage history', () => {
  it('keeps one sample per step per pod and per node (their sum), oldest first', async () => {
    const clock = fakeClock()
    const h = createUsageHistory(clock, { windowMs: 60_000, minStepMs: 5000 })
    await clock.advance(5000 - (clock.now() % 5000))
    const t0 = clock.now()
    h.record('n1', [
      { podId: 'a', cpu: 100, memory: 10 },
      { podId: 'b', cpu: 50, memory: 20 },
    ])
    await clock.advance(1000)
    // Within one step the later sample replaces the earlier one.
    h.record('n1', [{ podId: 'a', cpu: 200, memory: 11 }])
    await clock.advance(5000)
    h.record('n1', [{ podId: 'a', cpu: 300, memory: 12 }])
    expect(h.pod('a')).toEqual([
      [t0 + 1000, 200, 11],
      [t0 + 6000, 300, 12],
    ])
    expect(h.pod('b')).toEqual([[t0, 50, 20]])
    expect(h.node('n1')).toEqual([
      [t0 + 1000, 200, 11],
      [t0 + 6000, 300, 12],
    ])
    expect(h.pod('unknown')).toEqual([])
  })

  it('adds what a node reports using itself to its own samples, never to a pod’s', () => {
    const clock = fakeClock()
    const h = createUsageHistory(clock, { windowMs: 60_000, minStepMs: 5000 })
    h.record('browser', [{ podId: 'w', cpu: 120, memory: 0 }], { memory: 37 })
    h.record('idle-browser', [], { memory: 12 })
    expect(h.node('browser')).toEqual([[clock.now(), 120, 37]])
    expect(h.pod('w')).toEqual([[clock.now(), 120, 0]])
    expect(h.node('idle-browser')).toEqual([[clock.now(), 0, 12]])
  })

  it('advances with reports more frequent than a step', async () => {
    const clock = fakeClock()
    const h = createUsageHistory(clock, { windowMs: 60_000, minStepMs: 5000 })
    for (let i = 0; i < 10; i++) {
      h.record('n1', [{ podId: 'a', cpu: i, memory: 1 }])
      await clock.advance(2000)
    }
    expect(h.pod('a').length).toBeGreaterThanOrEqual(4)
  })

  it('is bounded: old samples leave the window, and so do rings nothing reports to', async () => {
    const clock = fakeClock()
    const h = createUsageHistory(clock, { windowMs: 60_000, minStepMs: 5000 })
    h.record('gone', [{ podId: 'old', cpu: 1, memory: 1 }])
    for (let i = 0; i < 100; i++) {
      await clock.advance(5000)
      h.record('n1', [{ podId: 'a', cpu: i, memory: i }])
    }
    expect(h.pod('a')).toHaveLength(13)
    expect(h.pod('a').at(-1)).toEqual([clock.now(), 99, 99])
    expect(h.pod('old')).toEqual([])
    expect(h.size).toEqual({ pods: 1, nodes: 1 })
  })

  it('averages down to the points asked for', () => {
    const samples: UsageSample[] = Array.from({ length: 10 }, (_, i) => [i, i * 10, i] as const)
    expect(downsample(samples, 20)).toEqual(samples)
    expect(downsample(samples, 2)).toEqual([
      [4, 20, 2],
      [9, 70, 7],
    ])
  })

  it('a ring (grown as it fills, then wrapping) holds what a plain list of the window would', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12_000 }), fc.nat(5000), fc.nat(5000)), { maxLength: 80 }),
        async (beats) => {
          const clock = fakeClock()
          const windowMs = 60_000
          const minStepMs = 1000
          const h = createUsageHistory(clock, { windowMs, minStepMs })
          const want: [number, number, number][] = []
          for (const [gap, cpu, memory] of beats) {
            await clock.advance(gap)
            const now = clock.now()
            h.record('n', [{ podId: 'p', cpu, memory }])
            const last = want.at(-1)
            if (last && Math.floor(last[0] / minStepMs) === Math.floor(now / minStepMs))
              want[want.length - 1] = [now, cpu, memory]
            else want.push([now, cpu, memory])
            if (want.length > windowMs / minStepMs + 1) want.shift()
          }
          const inWindow = want.filter((s) => s[0] >= clock.now() - windowMs)
          const points = windowMs / minStepMs + 1
          expect(h.pod('p', points)).toEqual(h.size.pods ? inWindow : [])
          expect(h.node('n', points)).toEqual(h.size.nodes ? inWindow : [])
        },
      ),
      { numRuns: 200 },
    )
  })
})
