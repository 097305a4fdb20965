import { describe, expect, it } from 'vitest'
import { normalizeScores } from '../normalize'
import { makeNode, makePod } from '../testing/fixtures'
import { fewerPods } from './fewer-pods'

describe('FewerPods', () => {
  it.each([
    { name: 'no pods', node: makeNode(), want: 0 },
    { name: 'three pods', node: makeNode().used(0, 0, 3), want: 3 },
  ])('$name: raw score is the pod count', ({ node, want }) => {
    expect(fewerPods.score(makePod().build(), node.info())).toBe(want)
  })

  it('normalises in reverse: the emptiest node scores 100', () => {
    const raw = [0, 2, 4].map((n) => fewerPods.score(makePod().build(), makeNode().used(0, 0, n).info()))
    expect(normalizeScores(raw, fewerPods.normalize)).toEqual([100, 50, 0])
  })
})
