import { describe, expect, it } from 'vitest'
import { parseDurationFlag } from './duration'

describe('parseDurationFlag', () => {
  it('reads units, compounds and bare seconds', () => {
    expect(parseDurationFlag('500ms', 't')).toBe(500)
    expect(parseDurationFlag('90s', 't')).toBe(90_000)
    expect(parseDurationFlag('1h30m', 't')).toBe(5_400_000)
    expect(parseDurationFlag('45', 't')).toBe(45_000)
    expect(parseDurationFlag(undefined, 't')).toBeUndefined()
  })
  it('refuses anything else, naming the flag', () => {
    expect(() => parseDurationFlag('5 minutes', 'timeout')).toThrow(/--timeout must be a duration/)
    expect(() => parseDurationFlag('5m junk', 'timeout')).toThrow(/--timeout/)
  })
})
