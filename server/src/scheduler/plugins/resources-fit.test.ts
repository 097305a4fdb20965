import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { INSUFFICIENT_CPU, INSUFFICIENT_MEMORY, resourcesFit, TOO_MANY_PODS } from './resources-fit'

describe('ResourcesFit', () => {
  it.each([
    {
      name: 'fits exactly',
      pod: makePod().requests(1000, 1024),
      node: makeNode().cpu(2000).memory(2048).used(1000, 1024),
      want: FIT,
    },
    {
      name: 'one millicore too many',
      pod: makePod().requests(1001, 10),
      node: makeNode().cpu(2000).used(1000, 0),
      want: { ok: false, reason: INSUFFICIENT_CPU },
    },
    {
      name: 'one MB too many',
      pod: makePod().requests(10, 1025),
      node: makeNode().memory(2048).used(0, 1024),
      want: { ok: false, reason: INSUFFICIENT_MEMORY },
    },
    {
      name: 'short of cpu and memory: both named',
      pod: makePod().requests(3000, 3000),
      node: makeNode().cpu(2000).memory(2048),
      want: { ok: false, reason: INSUFFICIENT_CPU, also: [INSUFFICIENT_MEMORY] },
    },
    {
      name: 'pods, cpu and memory all short',
      pod: makePod().requests(3000, 3000),
      node: makeNode().cpu(2000).memory(2048).maxPods(1).used(0, 0, 1),
      want: { ok: false, reason: TOO_MANY_PODS, also: [INSUFFICIENT_CPU, INSUFFICIENT_MEMORY] },
    },
    {
      name: 'pod count full',
      pod: makePod().requests(0, 0),
      node: makeNode().maxPods(2).used(0, 0, 2),
      want: { ok: false, reason: TOO_MANY_PODS },
    },
    {
      name: 'a zero request fits a full node with a free pod slot',
      pod: makePod().requests(0, 0),
      node: makeNode().cpu(100).memory(100).used(100, 100),
      want: FIT,
    },
  ])('$name', ({ pod, node, want }) => expect(resourcesFit.filter(pod.build(), node.info())).toEqual(want))

  it('capacity is the one resolvable reason (preemption may help)', () => {
    const r = resourcesFit.filter(makePod().requests(5000, 1).build(), makeNode().cpu(1000).info())
    expect(r.ok || r.unresolvable).toBeFalsy()
  })
})
