import { describe, expect, it } from 'vitest'
import { compareSemver, highestBy, isSemver, nextPatchVersion, parseSemver } from './semver'

describe('semver', () => {
  it.each([
    '0.0.0',
    '1.2.3',
    '10.20.30',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '1.0.0-x-y-z.--',
  ])('accepts %s', (v) => expect(isSemver(v)).toBe(true))

  it.each([
    '1',
    '1.2',
    '1.2.3.4',
    'v1.2.3',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-',
    '1.2.3-01',
    '1.2.3+',
    '1.2.3-a..b',
    'latest',
    '2024-05-01',
    ' 1.2.3',
    '99999999999999999999.0.0',
  ])('refuses %s', (v) => expect(isSemver(v)).toBe(false))

  it('orders by precedence as semver.org 2.0.0 lists it', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '1.10.0',
      '2.0.0',
    ]
    const shuffled = [...ordered].reverse().sort((a, b) => (a.length % 3) - (b.length % 3))
    expect(shuffled.sort(compareSemver)).toEqual(ordered)
  })

  it('ignores build metadata and puts non-semver text below', () => {
    expect(compareSemver('1.0.0+a', '1.0.0+b')).toBe(0)
    expect(compareSemver('legacy', '0.0.1')).toBeLessThan(0)
    expect(parseSemver('1.2.3-rc.1+b.7')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['rc', 1], build: 'b.7' })
  })

  it('finds the highest and the next patch', () => {
    expect(highestBy(['1.9.0', '1.10.0', '1.10.0-rc.1'], (v) => v)).toBe('1.10.0')
    expect(highestBy([], (v: string) => v)).toBeUndefined()
    expect(nextPatchVersion(['1.2.3', '1.10.0', '1.2.9'])).toBe('1.10.1')
    expect(nextPatchVersion(['1.0.0', '1.1.0-rc.1'])).toBe('1.1.0')
    expect(nextPatchVersion([])).toBe('0.1.0')
  })
})
