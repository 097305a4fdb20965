import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { NODE_NOT_READY, nodeReady } from './node-ready'

describe('NodeReady', () => {
  it.each([
    { name: 'Ready node fits', node: makeNode(), want: FIT },
    { name: 'NotReady node rejected', node: makeNode().status('NotReady'), want: { ok: false, reason: NODE_NOT_READY, unresolvable: true } },
    { name: 'Offline node rejected', node: makeNode().status('Offline'), want: { ok: false, reason: NODE_NOT_READY, unresolvable: true } },
  ])('$name', ({ node, want }) => expect(nodeReady.filter(makePod().build(), node.info())).toEqual(want))
})
