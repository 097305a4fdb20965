import { describe, expect, it } from 'vitest'
import { formatPackRef, packRefProblem, packRefText, parsePackRef } from './pack-ref'

describe('parsePackRef', () => {
  it.each([
    ['hello', { namespace: undefined, name: 'hello', version: undefined }],
    ['hello@1.2.0', { namespace: undefined, name: 'hello', version: '1.2.0' }],
    ['hello@', { namespace: undefined, name: 'hello', version: undefined }],
    ['team-a/web', { namespace: 'team-a', name: 'web', version: undefined }],
    ['team-a/web@1.0.0', { namespace: 'team-a', name: 'web', version: '1.0.0' }],
    ['team-a/web@2.0.0-rc.1+build.5', { namespace: 'team-a', name: 'web', version: '2.0.0-rc.1+build.5' }],
    ['a@b@2', { namespace: undefined, name: 'a@b', version: '2' }],
    ['@scope/pack@3', { namespace: '@scope', name: 'pack', version: '3' }],
    ['a/b/c@1', { namespace: 'a', name: 'b/c', version: '1' }],
  ])('%j', (ref, parsed) => expect(parsePackRef(ref)).toEqual(parsed))
})

describe('packRefProblem', () => {
  it.each(['web', 'web@1.0.0', 'my.pack_2@0.1.0-rc.1', 'team-a/web', 'team-a/web@1.0.0', 'default/x'])('accepts %j', (ref) => {
    expect(packRefProblem(ref)).toBeUndefined()
    expect(packRefText.safeParse(ref).success).toBe(true)
  })
  it.each([
    ['', /not a pack name/],
    ['Web', /not a pack name/],
    ['web@', /a version follows/],
    ['/web', /namespace "" is not/],
    ['Team/web', /namespace "Team" is not/],
    ['@scope/pack', /namespace "@scope" is not/],
    ['a/b/c', /"b\/c" is not a pack name/],
    ['team-a/', /"" is not a pack name/],
    [`${'n'.repeat(64)}/web`, /is not a namespace name/],
  ])('refuses %j', (ref, why) => {
    expect(packRefProblem(ref)).toMatch(why)
    expect(packRefText.safeParse(ref).success).toBe(false)
  })
})

describe('formatPackRef', () => {
  const web = { namespace: 'team-a', name: 'web', version: '1.0.0' }
  it('leaves out the namespace of the one who reads it, and names any other', () => {
    expect(formatPackRef(web, 'team-a')).toBe('web@1.0.0')
    expect(formatPackRef(web, 'team-b')).toBe('team-a/web@1.0.0')
    expect(formatPackRef(web)).toBe('team-a/web@1.0.0')
    expect(formatPackRef({ namespace: 'default', name: 'web' }, 'x')).toBe('default/web')
  })
})
