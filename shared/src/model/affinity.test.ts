import { describe, expect, it } from 'vitest'
import {
  affinityFromExpressions,
  formatAffinity,
  formatRequirement,
  matchesRequiredAffinity,
  matchesRequirement,
  nodeAffinitySchema,
  parseAffinityExpression,
  preferredAffinityWeight,
  type NodeSelectorRequirement,
} from './affinity'

const labels = { zone: 'a', gpu: 'true', tier: '', cores: '8', float: '1.5', big: '9007199254740994' }

describe('matchesRequirement', () => {
  it.each<[NodeSelectorRequirement, boolean]>([
    [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, true],
    [{ key: 'zone', operator: 'In', values: ['b'] }, false],
    [{ key: 'missing', operator: 'In', values: ['a'] }, false],
    [{ key: 'zone', operator: 'NotIn', values: ['b'] }, true],
    [{ key: 'zone', operator: 'NotIn', values: ['a'] }, false],
    [{ key: 'missing', operator: 'NotIn', values: ['a'] }, true],
    [{ key: 'gpu', operator: 'Exists' }, true],
    [{ key: 'tier', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'gpu', operator: 'DoesNotExist' }, false],
    [{ key: 'toString', operator: 'Exists' }, false],
    [{ key: 'cores', operator: 'Gt', values: ['4'] }, true],
    [{ key: 'cores', operator: 'Gt', values: ['8'] }, false],
    [{ key: 'cores', operator: 'Lt', values: ['9'] }, true],
    [{ key: 'cores', operator: 'Lt', values: ['8'] }, false],
    [{ key: 'cores', operator: 'Gt', values: ['10'] }, false],
    [{ key: 'big', operator: 'Gt', values: ['9007199254740993'] }, true],
    [{ key: 'zone', operator: 'Gt', values: ['0'] }, false],
    [{ key: 'zone', operator: 'Lt', values: ['999'] }, false],
    [{ key: 'float', operator: 'Gt', values: ['1'] }, false],
    [{ key: 'missing', operator: 'Gt', values: ['0'] }, false],
    [{ key: 'missing', operator: 'Lt', values: ['9'] }, false],
  ])('%j → %s', (r, want) => expect(matchesRequirement(labels, r)).toBe(want))
})

describe('node affinity', () => {
  it('required terms are ORed, expressions within a term ANDed', () => {
    const affinity = {
      required: [
        { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['b'] }] },
        {
          matchExpressions: [
            { key: 'zone', operator: 'In' as const, values: ['a'] },
            { key: 'gpu', operator: 'Exists' as const },
          ],
        },
      ],
    }
    expect(matchesRequiredAffinity(labels, affinity)).toBe(true)
    expect(matchesRequiredAffinity({ zone: 'a' }, affinity)).toBe(false)
    expect(matchesRequiredAffinity({}, undefined)).toBe(true)
    expect(matchesRequiredAffinity({}, { required: [] })).toBe(true)
  })

  it('preferred weights add up for the terms that match', () => {
    const affinity = {
      preferred: [
        { weight: 30, matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a'] }] },
        { weight: 50, matchExpressions: [{ key: 'gpu', operator: 'Exists' as const }] },
        { weight: 7, matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['z'] }] },
      ],
    }
    expect(preferredAffinityWeight(labels, affinity)).toBe(80)
    expect(preferredAffinityWeight({}, affinity)).toBe(0)
  })

  it('the schema refuses operators without the values they need', () => {
    expect(nodeAffinitySchema.safeParse({ required: [{ matchExpressions: [{ key: 'a', operator: 'In' }] }] }).success).toBe(false)
    expect(
      nodeAffinitySchema.safeParse({ required: [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }] })
        .success,
    ).toBe(false)
    expect(
      nodeAffinitySchema.safeParse({ preferred: [{ weight: 0, matchExpressions: [{ key: 'a', operator: 'Exists' }] }] }).success,
    ).toBe(false)
    expect(
      nodeAffinitySchema.safeParse({ required: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }], extra: 1 }).success,
    ).toBe(false)
    expect(
      nodeAffinitySchema.safeParse({ required: [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] }] })
        .success,
    ).toBe(true)
    const gt = (values?: string[]) =>
      nodeAffinitySchema.safeParse({
        required: [{ matchExpressions: [{ key: 'a', operator: 'Gt', ...(values ? { values } : {}) }] }],
      })
    expect(gt(['4']).success).toBe(true)
    expect(gt().success).toBe(false)
    expect(gt(['4', '5']).success).toBe(false)
    expect(gt(['four']).success).toBe(false)
    expect(gt(['1.5']).success).toBe(false)
    expect(gt(['99999999999999999999']).success).toBe(false)
    expect(JSON.stringify(gt(['x']).error?.issues)).toContain('Gt needs an integer value')
  })
})

describe('parseAffinityExpression', () => {
  it.each([
    ['zone In a,b', { requirement: { key: 'zone', operator: 'In', values: ['a', 'b'] } }],
    ['zone notin c', { requirement: { key: 'zone', operator: 'NotIn', values: ['c'] } }],
    ['gpu Exists', { requirement: { key: 'gpu', operator: 'Exists' } }],
    ['example.com/spot DoesNotExist', { requirement: { key: 'example.com/spot', operator: 'DoesNotExist' } }],
    ['50:zone In a', { requirement: { key: 'zone', operator: 'In', values: ['a'] }, weight: 50 }],
    ['cores Gt 4', { requirement: { key: 'cores', operator: 'Gt', values: ['4'] } }],
    ['10:gen lt 3', { requirement: { key: 'gen', operator: 'Lt', values: ['3'] }, weight: 10 }],
  ])('%s', (text, want) => expect(parseAffinityExpression(text)).toEqual(want))

  it.each([
    ['zone', /must look like/],
    ['zone Near a', /operator must be one of/],
    ['zone In', /needs values/],
    ['gpu Exists x', /takes no values/],
    ['bad key! In a', /must look like|not valid/],
    ['0:zone In a', /weight must be 1–100/],
    ['zone In a b', /must look like/],
    ['cores Gt', /Gt needs exactly one value/],
    ['cores Gt 1,2', /Gt needs exactly one value/],
    ['cores Lt x', /Lt needs an integer value/],
  ])('refuses %j', (text, message) => expect(() => parseAffinityExpression(text)).toThrow(message))

  it('builds one required term and one preferred term per weighted expression', () => {
    expect(affinityFromExpressions(['zone In a,b', 'gpu Exists', '20:disk In ssd'])).toEqual({
      required: [
        {
          matchExpressions: [
            { key: 'zone', operator: 'In', values: ['a', 'b'] },
            { key: 'gpu', operator: 'Exists' },
          ],
        },
      ],
      preferred: [{ weight: 20, matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
    })
    expect(affinityFromExpressions([])).toBeUndefined()
    expect(formatRequirement({ key: 'zone', operator: 'In', values: ['a', 'b'] })).toBe('zone In a,b')
  })

  it('formats an affinity on one line', () => {
    expect(formatAffinity(affinityFromExpressions(['zone In a,b', 'gpu Exists', '20:disk In ssd']))).toBe(
      'zone In a,b and gpu Exists; prefers 20: disk In ssd',
    )
    expect(
      formatAffinity({
        required: [
          { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
          { matchExpressions: [{ key: 'b', operator: 'Exists' }] },
        ],
      }),
    ).toBe('a Exists or b Exists')
    expect(formatAffinity(null)).toBe('-')
  })
})
