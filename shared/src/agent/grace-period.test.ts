import { describe, expect, it } from 'vitest'
import { fakeClock } from '../testing/fake-clock'
import { createGracePeriod } from './grace-period'

describe('grace period', () => {
  it('expires once, after the shortest grace asked for; a longer one never pushes it back', async () => {
    const clock = fakeClock()
    const expired: number[] = []
    const grace = createGracePeriod(clock, (ms) => expired.push(ms))
    grace.begin(5000)
    await clock.advance(1000)
    grace.begin(10_000) // later end: ignored
    grace.begin(2000) // ends at 3000, before 5000
    await clock.advance(1999)
    expect(expired).toEqual([])
    await clock.advance(1)
    expect(expired).toEqual([2000])
    await clock.advance(10_000)
    expect(expired).toEqual([2000])
  })

  it('does nothing once cancelled', async () => {
    const clock = fakeClock()
    let expired = false
    const grace = createGracePeriod(clock, () => (expired = true))
    grace.begin(100)
    grace.cancel()
    await clock.advance(1000)
    expect(expired).toBe(false)
    expect(clock.pending()).toBe(0)
  })
})
