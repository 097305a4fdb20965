import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { NODE_CORDONED, nodeUnschedulable } from './node-unschedulable'

const pinnedTo = (nodeId: string) => {
  const b = makePod()
  const pod = b.record()
  pod.spec = { ...pod.spec, service: { id: 's1', name: 'agent', packId: 'pack-1', nodeId } }
  return b
}

describe('NodeUnschedulable', () => {
  const cordoned = makeNode('n1').cordoned()
  const rejected = { ok: false, reason: NODE_CORDONED, unresolvable: true }
  it.each([
    { name: 'schedulable node fits', pod: makePod(), node: makeNode(), want: FIT },
    { name: 'cordoned node rejected', pod: makePod(), node: cordoned, want: rejected },
    {
      name: 'a DaemonSet pod pinned to the cordoned node fits it',
      pod: pinnedTo(cordoned.info().node.id),
      node: cordoned,
      want: FIT,
    },
    { name: 'a DaemonSet pod pinned elsewhere does not', pod: pinnedTo('other'), node: cordoned, want: rejected },
    {
      name: 'a pod tolerating the cordon taint fits',
      pod: makePod().tolerate({ key: 'stark.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }),
      node: cordoned,
      want: FIT,
    },
    { name: 'a pod tolerating every taint fits', pod: makePod().tolerate({ operator: 'Exists' }), node: cordoned, want: FIT },
    {
      name: 'tolerating the key for NoExecute only does not',
      pod: makePod().tolerate({ key: 'stark.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }),
      node: cordoned,
      want: rejected,
    },
    {
      name: 'tolerating another key does not',
      pod: makePod().tolerate({ key: 'gpu', operator: 'Exists' }),
      node: cordoned,
      want: rejected,
    },
  ])('$name', ({ pod, node, want }) => expect(nodeUnschedulable.filter(pod.build(), node.info())).toEqual(want))
})
