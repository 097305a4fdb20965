import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { leastAllocated } from './least-allocated'

describe('LeastAllocated (spread)', () => {
  const pod = makePod().requests(1000, 1024)
  it.each([
    { name: 'empty node', node: makeNode().cpu(4000).memory(8192), want: 81.25 },
    { name: 'half used after placing', node: makeNode().cpu(4000).memory(8192).used(1000, 3072), want: 50 },
    { name: 'full after placing', node: makeNode().cpu(2000).memory(2048).used(1000, 1024), want: 0 },
    { name: 'no capacity', node: makeNode().cpu(0).memory(0), want: 0 },
  ])('$name → $want', ({ node, want }) => {
    expect(leastAllocated.score(pod.build(), node.info())).toBeCloseTo(want)
  })
})
