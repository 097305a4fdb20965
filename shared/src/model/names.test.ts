import { describe, expect, it } from 'vitest'
import { DNS_LABEL, packName, packVersion, resourceName } from './names'

describe('resource names (DNS-1123 labels)', () => {
  it.each(['a', 'hello', 'hello-world-2', '0abc', 'x'.repeat(63)])('accepts %j', (n) => {
    expect(resourceName.safeParse(n).success).toBe(true)
    expect(DNS_LABEL.test(n)).toBe(true)
  })
  it.each(['', 'Hello', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64), 'ü', 'a b'])('refuses %j', (n) =>
    expect(resourceName.safeParse(n).success).toBe(false),
  )
})

describe('pack names and versions', () => {
  it.each(['hello', 'my.pack_2', 'a', 'x'.repeat(128)])('accepts the name %j', (n) =>
    expect(packName.safeParse(n).success).toBe(true),
  )
  it.each(['', 'Hello', '.pack', 'pack.', '@scope/pack', 'x'.repeat(129)])('refuses the name %j', (n) =>
    expect(packName.safeParse(n).success).toBe(false),
  )
  it.each(['1.0.0', '3.0.0-beta', '1.0.0+build.5', '0.1.0-rc.1'])('accepts the version %j', (v) =>
    expect(packVersion.safeParse(v).success).toBe(true),
  )
  it.each(['', '-1', '.1', '1 0', 'x'.repeat(65), '1/2', 'v3-beta', '2024-05-01', 'X', '1', 'latest'])(
    'refuses the version %j',
    (v) => expect(packVersion.safeParse(v).success).toBe(false),
  )
})
