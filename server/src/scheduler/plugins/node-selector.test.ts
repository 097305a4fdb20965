import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT, type FilterResult } from '../types'
import { nodeSelector, SELECTOR_MISMATCH } from './node-selector'

const miss: FilterResult = { ok: false, reason: SELECTOR_MISMATCH, unresolvable: true }

describe('NodeSelector', () => {
  it.each([
    { name: 'no selector fits any node', pod: makePod(), node: makeNode(), want: FIT },
    {
      name: 'matching label',
      pod: makePod().selector({ zone: 'a' }),
      node: makeNode().label('zone', 'a').label('disk', 'ssd'),
      want: FIT,
    },
    {
      name: 'every key must match',
      pod: makePod().selector({ zone: 'a', disk: 'ssd' }),
      node: makeNode().label('zone', 'a'),
      want: miss,
    },
    { name: 'different value', pod: makePod().selector({ zone: 'a' }), node: makeNode().label('zone', 'b'), want: miss },
    { name: 'missing label', pod: makePod().selector({ zone: 'a' }), node: makeNode(), want: miss },
    {
      name: 'empty value matches empty value',
      pod: makePod().selector({ edge: '' }),
      node: makeNode().label('edge', ''),
      want: FIT,
    },
  ])('$name', ({ pod, node, want }) => {
    expect(nodeSelector.filter(pod.build(), node.info())).toEqual(want)
  })

  it('is skipped for pods without a selector (it would pass every node)', () => {
    expect(nodeSelector.preFilter(makePod().build())).toBe(false)
    expect(nodeSelector.preFilter(makePod().selector({ zone: 'a' }).build())).toBe(true)
  })
})
