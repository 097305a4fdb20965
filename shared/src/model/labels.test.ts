import { describe, expect, it } from 'vitest'
import { formatLabels, isLabelKey, isLabelValue, labelsSchema, matchesSelector, parseLabel, parseLabels } from './labels'

describe('label keys and values', () => {
  it.each(['app', 'a', 'app.kubernetes.io/name', 'example.com/tier', 'A_b-c.d', 'x'.repeat(63), `${'p'.repeat(253)}/n`])(
    'accepts the key %j',
    (key) => expect(isLabelKey(key)).toBe(true),
  )
  it.each([
    '',
    '-app',
    'app-',
    'has space',
    'x'.repeat(64),
    '/name',
    'prefix/',
    'Example.com/name',
    'a/b/c',
    `${'p'.repeat(254)}/n`,
    'ü',
  ])('refuses the key %j', (key) => expect(isLabelKey(key)).toBe(false))
  it.each(['', 'v', 'v1.2_3-x', 'x'.repeat(63)])('accepts the value %j', (v) => expect(isLabelValue(v)).toBe(true))
  it.each(['-v', 'v-', 'a b', 'x'.repeat(64), 'a/b', 'ü'])('refuses the value %j', (v) => expect(isLabelValue(v)).toBe(false))

  it('validates label maps with the schema, at most 64 labels', () => {
    expect(labelsSchema.safeParse({ zone: 'a', 'example.com/gpu': '' }).success).toBe(true)
    expect(labelsSchema.safeParse({ 'bad key': 'a' }).success).toBe(false)
    expect(labelsSchema.safeParse({ zone: 'bad value' }).success).toBe(false)
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))
    expect(labelsSchema.safeParse(many).success).toBe(false)
    expect(labelsSchema.safeParse(Object.fromEntries(Object.entries(many).slice(0, 64))).success).toBe(true)
  })
})

describe('parseLabel', () => {
  it('splits at the first "=" and allows an empty value', () => {
    expect(parseLabel('zone=eu-1')).toEqual(['zone', 'eu-1'])
    expect(parseLabel('example.com/gpu=')).toEqual(['example.com/gpu', ''])
    expect(() => parseLabel('a=b=c')).toThrow(/label value "b=c"/)
  })
  it.each([
    ['zone', /must look like key=value/],
    ['=eu', /must look like key=value/],
    ['bad key=x', /label key "bad key"/],
    ['zone=no spaces', /label value "no spaces"/],
  ])('refuses %j', (text, message) => expect(() => parseLabel(text)).toThrow(message))

  it('parses a list into a map, later keys winning', () => {
    expect(parseLabels(['a=1', 'b=2', 'a=3'])).toEqual({ a: '3', b: '2' })
    expect(parseLabels([])).toEqual({})
  })
})

describe('matchesSelector', () => {
  const labels = { zone: 'eu', tier: 'gold', empty: '' }
  it.each([
    [{}, true],
    [{ zone: 'eu' }, true],
    [{ zone: 'eu', tier: 'gold' }, true],
    [{ empty: '' }, true],
    [{ zone: 'us' }, false],
    [{ zone: 'eu', tier: 'silver' }, false],
    [{ missing: '' }, false],
  ])('%j → %s', (selector, expected) => expect(matchesSelector(labels, selector)).toBe(expected))
})

it('formatLabels prints key=value pairs', () => {
  expect(formatLabels({ a: '1', 'x.io/b': '' })).toBe('a=1,x.io/b=')
  expect(formatLabels({})).toBe('')
})
