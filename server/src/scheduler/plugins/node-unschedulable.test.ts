import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { NODE_CORDONED, nodeUnschedulable } from './node-unschedulable'

describe('NodeUnschedulable', () => {
  it.each([
    { name: 'schedulable node fits', node: makeNode(), want: FIT },
    { name: 'cordoned node rejected', node: makeNode().cordoned(), want: { ok: false, reason: NODE_CORDONED, unresolvable: true } },
  ])('$name', ({ node, want }) => expect(nodeUnschedulable.filter(makePod().build(), node.info())).toEqual(want))
})
