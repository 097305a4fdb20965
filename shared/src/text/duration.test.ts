import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration, readDuration } from './duration'

describe('duration grammar', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1h30m15s', 5_415_000],
    ['2m500ms', 120_500],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
    ['30', 30_000],
    ['0', 0],
    ['0s', 0],
    [' 5S ', 5000],
  ])('%s → %d ms', (text, ms) => expect(readDuration(text)).toBe(ms))

  it.each(['', 'soon', '5 minutes', '1m1h', '1h1h', '-5s', '5x', 'h', '1e3s', 's10', '1h 30m', '9'.repeat(30)])(
    'refuses %j',
    (text) => expect(readDuration(text)).toBeUndefined(),
  )

  it('names the setting in its error', () => {
    expect(() => parseDuration('soon', '--timeout')).toThrow(
      /--timeout must be a duration such as 500ms, 90s, 10m or 1h30m \(got "soon"\)/,
    )
  })

  it.each([
    [0, '0s'],
    [1500, '1s500ms'],
    [5_400_000, '1h30m'],
    [90_061_000, '1d1h1m1s'],
  ])('formats %d as %s and reads it back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
    expect(readDuration(text)).toBe(ms)
  })
})
