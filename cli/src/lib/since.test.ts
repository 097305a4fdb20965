import { describe, expect, it } from 'vitest'
import { ExitCode } from './errors'
import { parseSince } from './since'

const NOW = Date.parse('2026-11-27T12:00:00Z')

describe('--since', () => {
  it('takes an ISO time or a duration ago', () => {
    expect(parseSince(undefined, NOW)).toBeUndefined()
    expect(parseSince('2026-11-27T11:00:00Z', NOW)).toBe('2026-11-27T11:00:00.000Z')
    expect(parseSince('2026-11-27T13:00:00+02:00', NOW)).toBe('2026-11-27T11:00:00.000Z')
    expect(parseSince('30s', NOW)).toBe('2026-11-27T11:59:30.000Z')
    expect(parseSince('10m', NOW)).toBe('2026-11-27T11:50:00.000Z')
    expect(parseSince('2h', NOW)).toBe('2026-11-27T10:00:00.000Z')
    expect(parseSince('1d', NOW)).toBe('2026-11-26T12:00:00.000Z')
    expect(parseSince('1h30m', NOW)).toBe('2026-11-27T10:30:00.000Z')
    expect(parseSince('10', NOW)).toBe('2026-11-27T11:59:50.000Z')
  })

  it('anything else is a usage error', () => {
    for (const bad of ['yesterday', '10 s', '5 minutes', '30m1h', '2026-13-40T00:00:00Z']) {
      expect(() => parseSince(bad, NOW), bad).toThrow(expect.objectContaining({ exitCode: ExitCode.usage }))
    }
  })
})
