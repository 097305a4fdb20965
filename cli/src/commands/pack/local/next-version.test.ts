import { describe, expect, it } from 'vitest'
import { nextVersion } from './next-version'

describe('nextVersion', () => {
  it.each([
    [[], undefined, '0.1.0'],
    [[], '1.2.0', '1.2.0'],
    [['0.1.0'], '0.1.0', '0.1.1'],
    [['0.1.0', '0.1.9', '0.1.10', '0.1.2'], '0.1.0', '0.1.11'],
    [['1.0.0', 'v2-beta'], undefined, '1.0.1'],
    [['0.1.4'], '0.2.0', '0.2.0'],
    [['0.3.0'], '0.2.0', '0.3.1'],
    [['nightly'], 'not-semver', '0.1.0'],
  ] as const)('%j with package.json %s → %s', (registered, pkg, expected) => {
    expect(nextVersion(registered, pkg)).toBe(expected)
  })
})
