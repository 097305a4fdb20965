import { describe, expect, it } from 'vitest'
import { DEFAULT_RETENTION, parseDuration, parseSize, retentionFromEnv } from './retention'

describe('retention settings', () => {
  it('reads durations in the one grammar (a bare number is seconds)', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000)
    expect(parseDuration('12h')).toBe(12 * 3_600_000)
    expect(parseDuration('30m')).toBe(1_800_000)
    expect(parseDuration('45s')).toBe(45_000)
    expect(parseDuration('1w')).toBe(7 * 86_400_000)
    expect(parseDuration('1.5h')).toBe(5_400_000)
    expect(parseDuration('250')).toBe(250_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    for (const bad of ['', 'soon', '-1d', '0', '7 days', 'd']) expect(parseDuration(bad), bad).toBeUndefined()
  })

  it('reads sizes in decimal and binary units, or bytes', () => {
    expect(parseSize('5MiB')).toBe(5 * 1024 * 1024)
    expect(parseSize('10MB')).toBe(10_000_000)
    expect(parseSize('512kb')).toBe(512_000)
    expect(parseSize('65536')).toBe(65_536)
    for (const bad of ['', 'big', '-5MB', '0', '5 PB']) expect(parseSize(bad), bad).toBeUndefined()
  })

  it('takes defaults, overrides what the environment sets, and names a bad variable', () => {
    expect(retentionFromEnv({})).toEqual(DEFAULT_RETENTION)
    expect(
      retentionFromEnv({
        STARK_EVENTS_MAX_AGE: '2d',
        STARK_EVENTS_MAX_COUNT: '5000',
        STARK_POD_LOGS_MAX_AGE: '1h',
        STARK_POD_LOGS_MAX_LINES: '100',
        STARK_POD_LOGS_MAX_BYTES: '1MiB',
        STARK_POD_LOGS_MAX_RATE: '50',
        STARK_AUDIT_MAX_AGE: '30d',
        STARK_AUDIT_MAX_COUNT: '2000',
      }),
    ).toEqual({
      eventsMaxAgeMs: 2 * 86_400_000,
      eventsMaxCount: 5000,
      podLogsMaxAgeMs: 3_600_000,
      podLogsMaxLines: 100,
      podLogsMaxBytes: 1024 * 1024,
      podLogsMaxLinesPerSecond: 50,
      auditMaxAgeMs: 30 * 86_400_000,
      auditMaxCount: 2000,
    })
    expect(() => retentionFromEnv({ STARK_EVENTS_MAX_COUNT: 'lots' })).toThrow(
      /STARK_EVENTS_MAX_COUNT must be a whole number above 0 \(got "lots"\)/,
    )
    expect(() => retentionFromEnv({ STARK_POD_LOGS_MAX_AGE: 'forever' })).toThrow(/STARK_POD_LOGS_MAX_AGE must be a duration/)
    expect(() => retentionFromEnv({ STARK_AUDIT_MAX_COUNT: '0' })).toThrow(/STARK_AUDIT_MAX_COUNT must be a whole number above 0/)
  })
})
