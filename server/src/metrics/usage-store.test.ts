import { describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { createClusterState } from '../state/cluster-state'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { createUsageStore } from './usage-store'

function world() {
  const node = makeNode('u1').record()
  const other = makeNode('u2').record()
  const a = { ...makePod('a').boundTo(node.id).record(), incarnation: 2 }
  const b = { ...makePod('b').boundTo(node.id).record(), incarnation: 1 }
  const state = createClusterState({ nodes: [node, other], pods: [a, b] })
  const clock = fakeClock()
  const usage = createUsageStore(state, clock, { staleAfterMs: 30_000 })
  return { node, other, a, b, state, clock, usage }
}

describe('usage store', () => {
  it('keeps the latest figure per pod and sums a node', () => {
    const { node, a, b, usage, clock } = world()
    usage.record(node.id, [
      { podId: a.id, incarnation: 2, cpu: 120, memory: 30 },
      { podId: b.id, incarnation: 1, cpu: 5, memory: 12 },
    ])
    usage.record(node.id, [
      { podId: a.id, incarnation: 2, cpu: 80, memory: 31 },
      { podId: b.id, incarnation: 1, cpu: 5, memory: 12 },
    ])
    expect(usage.pod(a.id)).toEqual({ cpu: 80, memory: 31, at: clock.now() })
    expect(usage.node(node.id)).toEqual({ cpu: 85, memory: 43, pods: 2 })
    expect(
      usage
        .all()
        .map((u) => u.podId)
        .sort(),
    ).toEqual([a.id, b.id].sort())
  })

  it('ignores reports for another run or from another node', () => {
    const { node, other, a, b, usage } = world()
    usage.record(node.id, [{ podId: a.id, incarnation: 1, cpu: 100, memory: 10 }])
    usage.record(other.id, [{ podId: b.id, incarnation: 1, cpu: 100, memory: 10 }])
    expect(usage.pod(a.id)).toBeNull()
    expect(usage.pod(b.id)).toBeNull()
    expect(usage.node(node.id)).toBeNull()
  })

  it('forgets a pod its node stops reporting, a pod that stopped running, and stale figures', async () => {
    const { node, a, b, state, usage, clock } = world()
    usage.record(node.id, [
      { podId: a.id, incarnation: 2, cpu: 1, memory: 1 },
      { podId: b.id, incarnation: 1, cpu: 2, memory: 2 },
    ])
    usage.record(node.id, [{ podId: a.id, incarnation: 2, cpu: 1, memory: 1 }])
    expect(usage.pod(b.id)).toBeNull()
    state.apply({ pods: [{ ...a, status: 'Failed' }] })
    expect(usage.pod(a.id)).toBeNull()
    state.apply({ pods: [{ ...b, status: 'Running' }] })
    usage.record(node.id, [{ podId: b.id, incarnation: 1, cpu: 2, memory: 2 }])
    await clock.advance(30_001)
    expect(usage.pod(b.id)).toBeNull()
    expect(usage.all()).toEqual([])
  })
})
