import type { NodeAffinity } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT, type FilterResult } from '../types'
import { AFFINITY_MISMATCH, nodeAffinity } from './node-affinity'

const miss: FilterResult = { ok: false, reason: AFFINITY_MISMATCH, unresolvable: true }
const zoneIn = (...values: string[]): NodeAffinity => ({
  required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values }] }],
})

describe('NodeAffinity filter', () => {
  it.each([
    { name: 'no affinity', pod: makePod(), node: makeNode(), want: FIT },
    { name: 'In matches', pod: makePod().affinity(zoneIn('a', 'b')), node: makeNode().label('zone', 'b'), want: FIT },
    { name: 'In misses', pod: makePod().affinity(zoneIn('a')), node: makeNode().label('zone', 'c'), want: miss },
    { name: 'In on a missing label', pod: makePod().affinity(zoneIn('a')), node: makeNode(), want: miss },
    {
      name: 'NotIn keeps nodes without the label',
      pod: makePod().affinity({ required: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] }] }),
      node: makeNode(),
      want: FIT,
    },
    {
      name: 'NotIn refuses the listed value',
      pod: makePod().affinity({ required: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] }] }),
      node: makeNode().label('zone', 'c'),
      want: miss,
    },
    {
      name: 'Exists',
      pod: makePod().affinity({ required: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] }),
      node: makeNode().label('gpu', 'a100'),
      want: FIT,
    },
    {
      name: 'DoesNotExist',
      pod: makePod().affinity({ required: [{ matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }] }] }),
      node: makeNode().label('spot', 'true'),
      want: miss,
    },
    {
      name: 'terms are ORed',
      pod: makePod().affinity({
        required: [
          { matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] },
          { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
        ],
      }),
      node: makeNode().label('gpu', 'yes'),
      want: FIT,
    },
    {
      name: 'preferred terms never filter',
      pod: makePod().affinity({
        preferred: [{ weight: 10, matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }],
      }),
      node: makeNode(),
      want: FIT,
    },
  ])('$name', ({ pod, node, want }) => {
    expect(nodeAffinity.filter(pod.build(), node.info())).toEqual(want)
  })
})

describe('NodeAffinity score', () => {
  const preferred: NodeAffinity = {
    preferred: [
      { weight: 80, matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      { weight: 20, matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
    ],
  }
  it.each([
    { name: 'both terms', node: makeNode().label('zone', 'a').label('disk', 'ssd'), want: 100 },
    { name: 'heavier term', node: makeNode().label('zone', 'a'), want: 80 },
    { name: 'lighter term', node: makeNode().label('disk', 'ssd'), want: 20 },
    { name: 'none', node: makeNode(), want: 0 },
  ])('$name scores the summed weight', ({ node, want }) => {
    expect(nodeAffinity.score(makePod().affinity(preferred).build(), node.info())).toBe(want)
  })

  it('filtering is skipped for pods without required terms', () => {
    expect(nodeAffinity.preFilter(makePod().build())).toBe(false)
    expect(nodeAffinity.preFilter(makePod().affinity(preferred).build())).toBe(false)
    expect(nodeAffinity.preFilter(makePod().affinity(zoneIn('a')).build())).toBe(true)
  })

  it('is skipped for pods without preferred terms', () => {
    expect(nodeAffinity.preScore(makePod().build())).toBe(false)
    expect(nodeAffinity.preScore(makePod().affinity(zoneIn('a')).build())).toBe(false)
    expect(nodeAffinity.preScore(makePod().affinity(preferred).build())).toBe(true)
  })
})
