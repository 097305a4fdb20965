import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { NODE_NAME_MISMATCH, nodeName } from './node-name'

const pinnedTo = (nodeId: string) => {
  const b = makePod()
  const pod = b.record()
  pod.spec = { ...pod.spec, service: { id: 's1', name: 'agent', packId: 'pack-1', nodeId } }
  return b
}

describe('NodeName', () => {
  it.each([
    { name: 'an unpinned pod fits any node', pod: makePod(), node: makeNode('a'), want: FIT },
    { name: 'a pinned pod fits its node', pod: pinnedTo('id-b'), node: makeNode('b'), want: FIT },
    {
      name: 'a pinned pod fits no other node',
      pod: pinnedTo('id-b'),
      node: makeNode('c'),
      want: { ok: false, reason: NODE_NAME_MISMATCH, unresolvable: true },
    },
  ])('$name', ({ pod, node, want }) => expect(nodeName.filter(pod.build(), node.info())).toEqual(want))

  it('is skipped for unpinned pods', () => {
    expect(nodeName.preFilter(makePod().build())).toBe(false)
    expect(nodeName.preFilter(pinnedTo('x').build())).toBe(true)
  })
})
