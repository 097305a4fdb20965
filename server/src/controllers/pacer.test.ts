import { describe, expect, it } from 'vitest'
import { createPacer, pacedDelay } from './pacer'

describe('pacedDelay', () => {
  it('keeps a costly run to its share of the time, and never delays a cheap one', () => {
    expect(pacedDelay(4, 0.2, 5, 1000)).toBe(0)
    expect(pacedDelay(50, 0.2, 5, 1000)).toBe(200) // 50 ms of every 250
    expect(pacedDelay(50, 0.5, 5, 1000)).toBe(50)
    expect(pacedDelay(400, 0.2, 5, 1000)).toBe(1000) // capped
    expect(pacedDelay(Number.NaN, 0.2, 5, 1000)).toBe(0)
  })
})

/** A clock that moves only when told, synchronously (a run is measured inside one turn). */
const manualClock = () => {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

describe('createPacer', () => {
  it('measures each run with the clock and holds that key back, not the others', () => {
    const clock = manualClock()
    const pacer = createPacer({ clock, share: 0.2, freeMs: 5 })
    expect(
      pacer.run('big', () => {
        clock.advance(40)
        return 'planned'
      }),
    ).toBe('planned')
    expect(pacer.wait('big')).toBe(160)
    expect(pacer.wait('small')).toBe(0)
    pacer.run('small', () => clock.advance(2))
    expect(pacer.wait('small')).toBe(0)
    clock.advance(100) // 2 ms went to the small run
    expect(pacer.wait('big')).toBe(58)
    clock.advance(58)
    expect(pacer.wait('big')).toBe(0)
  })

  it('a run that throws is measured all the same; a cheap run clears an earlier wait', () => {
    const clock = manualClock()
    const pacer = createPacer({ clock })
    expect(() =>
      pacer.run('k', () => {
        clock.advance(20)
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(pacer.wait('k')).toBe(80)
    pacer.run('k', () => {})
    expect(pacer.wait('k')).toBe(0)
    pacer.run('k', () => clock.advance(10))
    pacer.forget('k')
    expect(pacer.wait('k')).toBe(0)
  })
})
