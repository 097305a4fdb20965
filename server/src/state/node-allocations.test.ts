/** Allocation kept per node by `apply()`: always the sum over the pods holding capacity on the node. */
import { holdsCapacity, podStatuses, type Resources } from '@stark/shared'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { PodRecord } from '../store/records'
import { createClusterState } from './cluster-state'

const NODES = ['n1', 'n2', 'n3'].map((name) => makeNode(name).record())
const PODS = Array.from({ length: 6 }, (_, i) => makePod(`p${i}`).record())

/** What a node's allocation must be: derived from scratch over every pod. */
function expected(pods: Iterable<PodRecord>, nodeId: string): { allocated: Resources; ids: string[] } {
  const allocated = { cpu: 0, memory: 0, pods: 0 }
  const ids: string[] = []
  for (const p of pods) {
    if (p.nodeId !== nodeId || !holdsCapacity(p.status)) continue
    allocated.cpu += p.spec.resources.cpu
    allocated.memory += p.spec.resources.memory
    allocated.pods++
    ids.push(p.id)
  }
  return { allocated, ids: ids.sort() }
}

const put = fc.record({
  kind: fc.constant('put' as const),
  pod: fc.integer({ min: 0, max: PODS.length - 1 }),
  node: fc.option(fc.integer({ min: 0, max: NODES.length - 1 }), { nil: null }),
  status: fc.constantFrom(...podStatuses),
  cpu: fc.integer({ min: 0, max: 4000 }),
  memory: fc.integer({ min: 0, max: 1024 }),
})
const del = fc.record({ kind: fc.constant('delete' as const), pod: fc.integer({ min: 0, max: PODS.length - 1 }) })

describe('node allocations', () => {
  it('stay the sum over each node’s pods through bind, run, finish, rebind, resize and delete (any order, in batches)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(put, del), { minLength: 1, maxLength: 4 }), { maxLength: 30 }), (batches) => {
        const state = createClusterState({ nodes: NODES })
        for (const batch of batches) {
          const pods: PodRecord[] = []
          const deletedPods: string[] = []
          for (const op of batch) {
            const base = PODS[op.pod]!
            if (op.kind === 'delete') deletedPods.push(base.id)
            else
              pods.push({
                ...(state.pods.get(base.id) ?? base),
                nodeId: op.node === null ? null : NODES[op.node]!.id,
                status: op.status,
                spec: { ...base.spec, resources: { ...base.spec.resources, cpu: op.cpu, memory: op.memory } },
              })
          }
          state.apply({ pods, deletedPods })
          for (const n of NODES) {
            const want = expected(state.pods.values(), n.id)
            const got = state.views.allocation(n.id)
            expect(got.allocated).toEqual(want.allocated)
            expect([...got.pods.keys()].sort()).toEqual(want.ids)
            for (const [id, p] of got.pods) expect(p).toBe(state.pods.get(id))
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a view handed out stays as it was after later changes', () => {
    const [n1] = NODES
    const state = createClusterState({ nodes: NODES })
    const a = { ...PODS[0]!, nodeId: n1!.id, status: 'Running' as const }
    state.apply({ pods: [a] })
    const before = state.views.allocation(n1!.id)
    state.apply({ pods: [{ ...a, status: 'Failed' }] })
    expect(before.pods.size).toBe(1)
    expect(before.allocated.pods).toBe(1)
    expect(state.views.allocation(n1!.id).pods.size).toBe(0)
  })
})
