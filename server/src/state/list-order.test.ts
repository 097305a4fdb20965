import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { PodRecord } from '../store/records'
import { createClusterState } from './cluster-state'

const pod = (name: string, ownerId: string, namespace = 'default'): PodRecord => ({
  ...makePod(name).record(),
  ownerId,
  namespace,
})
const names = (entries: Iterable<{ item: { name: string } }>) => [...entries].map((e) => e.item.name)

describe('list order (kept by apply)', () => {
  it('orders all pods and each owner’s by namespace/name, nodes by name, through puts and deletes', () => {
    const [b, a, c] = [pod('b', 'alice'), pod('a', 'bob'), pod('c', 'alice', 'aaa')]
    const state = createClusterState({ pods: [b, a], nodes: [makeNode('n2').record(), makeNode('n1').record()] })
    state.apply({ pods: [c] })
    expect(names(state.sorted.pods.after())).toEqual(['c', 'a', 'b'])
    expect(names(state.sorted.podsOf('alice').after())).toEqual(['c', 'b'])
    expect(names(state.sorted.podsOf('bob').after())).toEqual(['a'])
    expect(names(state.sorted.podsOf('nobody').after())).toEqual([])
    expect(names(state.sorted.nodes.after())).toEqual(['n1', 'n2'])

    state.apply({ pods: [{ ...b, status: 'Running' }], deletedPods: [a.id] })
    expect([...state.sorted.podsOf('alice').after()].map((e) => e.item.status)).toEqual(['Pending', 'Running'])
    expect(names(state.sorted.pods.after())).toEqual(['c', 'b'])
    expect(state.sorted.podsOf('bob').size).toBe(0)
    state.apply({ deletedNodes: [state.nodeByName('n1')!.id] })
    expect(names(state.sorted.nodes.after())).toEqual(['n2'])
  })
})
