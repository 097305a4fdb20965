import { describe, expect, it } from 'vitest'
import { envDuration, parseDuration, readDuration } from './duration'

describe('parseDuration', () => {
  it.each([
    ['250', 250_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('%s', (text, ms) => expect(parseDuration(text, 'x')).toBe(ms))
  it('names the setting when the value is wrong', () => {
    expect(() => parseDuration('soon', 'STARK_NODE_GRACE')).toThrow(/STARK_NODE_GRACE/)
    expect(() => parseDuration('-1s', 'x')).toThrow()
  })
  it('reads the environment', () => {
    expect(envDuration({ A: '3s' }, 'A')).toBe(3000)
    expect(envDuration({}, 'A')).toBeUndefined()
  })
})

describe('readDuration', () => {
  it('knows days and weeks, and refuses what is not a duration', () => {
    expect(readDuration('7d')).toBe(7 * 86_400_000)
    expect(readDuration('1w')).toBe(7 * 86_400_000)
    expect(readDuration(' 0 ')).toBe(0)
    for (const bad of ['', 'soon', '-1d', '7 days', 'd']) expect(readDuration(bad), bad).toBeUndefined()
  })
})
