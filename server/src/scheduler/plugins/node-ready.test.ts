import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { NODE_NOT_READY, nodeReady, nodeUnderPressure } from './node-ready'

describe('NodeReady', () => {
  it.each([
    { name: 'Ready node fits', node: makeNode(), want: FIT },
    {
      name: 'NotReady node rejected',
      node: makeNode().status('NotReady'),
      want: { ok: false, reason: NODE_NOT_READY, unresolvable: true },
    },
    {
      name: 'Offline node rejected',
      node: makeNode().status('Offline'),
      want: { ok: false, reason: NODE_NOT_READY, unresolvable: true },
    },
    {
      name: 'Ready node under resource pressure rejected',
      node: makeNode().condition({ type: 'ResourcePressure', reason: 'EMFILE', message: 'spawn EMFILE', since: 0 }),
      want: { ok: false, reason: nodeUnderPressure('ResourcePressure'), unresolvable: true },
    },
    {
      name: 'a condition that is no pressure does not keep pods off',
      node: makeNode().condition({ type: 'NetworkSlow', reason: 'x', message: '', since: 0 }),
      want: FIT,
    },
  ])('$name', ({ node, want }) => expect(nodeReady.filter(makePod().build(), node.info())).toEqual(want))
})
