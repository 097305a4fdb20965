/** The cluster state's reactive side: computed views follow applied changes, watchers are woken per change set. */
import { effectScope, watch } from '@vue/reactivity'
import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { PodRecord } from '../store/records'
import { type AppliedChanges, createClusterState } from './cluster-state'
import { watchChanges } from './watch-changes'

const node = (name: string) => makeNode(name).record()
const pod = (name: string, cpu = 100) => makePod(name).requests(cpu, 64).record()
const on = (p: PodRecord, nodeId: string, status: PodRecord['status'] = 'Running'): PodRecord => ({ ...p, nodeId, status })

describe('computed views', () => {
  it('allocation per node follows the pods bound to it, finished and deleted', () => {
    const n1 = node('n1')
    const state = createClusterState({ nodes: [n1] })
    expect(state.views.allocation(n1.id).allocated).toEqual({ cpu: 0, memory: 0, pods: 0 })

    const a = pod('a', 300)
    const b = pod('b', 200)
    state.apply({ pods: [on(a, n1.id, 'Scheduled'), on(b, n1.id)] })
    expect(state.views.allocation(n1.id).allocated).toEqual({ cpu: 500, memory: 128, pods: 2 })
    expect([...state.views.allocation(n1.id).pods.keys()].sort()).toEqual([a.id, b.id])

    state.apply({ pods: [on(a, n1.id, 'Succeeded')] })
    expect(state.views.allocation(n1.id).allocated).toEqual({ cpu: 200, memory: 64, pods: 1 })

    state.apply({ deletedPods: [b.id] })
    expect(state.views.allocation(n1.id).allocated).toEqual({ cpu: 0, memory: 0, pods: 0 })
  })

  it('a change on one node leaves the other nodes’ allocations as they were (not recomputed)', () => {
    const [n1, n2] = [node('n1'), node('n2')]
    const state = createClusterState({ nodes: [n1, n2], pods: [on(pod('a'), n1.id), on(pod('b'), n2.id)] })
    const before1 = state.views.allocation(n1.id)
    const before2 = state.views.allocation(n2.id)
    state.apply({ pods: [on(pod('c', 700), n2.id)] })
    expect(state.views.allocation(n1.id)).toBe(before1)
    expect(state.views.allocation(n2.id)).not.toBe(before2)
    expect(state.views.allocation(n2.id).allocated.cpu).toBe(800)
  })

  it('a pod moving between nodes leaves one allocation and joins the other', () => {
    const [n1, n2] = [node('n1'), node('n2')]
    const a = on(pod('a', 250), n1.id)
    const state = createClusterState({ nodes: [n1, n2], pods: [a] })
    expect(state.views.allocation(n1.id).allocated.cpu).toBe(250)
    state.apply({ pods: [on(a, n2.id)] })
    expect(state.views.allocation(n1.id).allocated.cpu).toBe(0)
    expect(state.views.allocation(n2.id).allocated.cpu).toBe(250)
    expect(state.podsOnNode(n1.id)).toEqual([])
  })

  it('the summary counts nodes and pods by status, and is recounted only after a change', () => {
    const n1 = node('n1')
    const state = createClusterState({ nodes: [n1, { ...node('n2'), status: 'NotReady', unschedulable: true }] })
    const first = state.views.summary.value
    expect(first.nodes).toMatchObject({ total: 2, unschedulable: 1, byStatus: { Ready: 1, NotReady: 1, Offline: 0 } })
    expect(first.nodes.byRuntime.node).toEqual({ Ready: 1, NotReady: 1, Offline: 0 })
    expect(first.pods.total).toBe(0)
    expect(state.views.summary.value).toBe(first)

    const waiting: PodRecord = { ...pod('w'), reason: 'Unschedulable' }
    state.apply({ pods: [on(pod('a'), n1.id), waiting, pod('p')] })
    const second = state.views.summary.value
    expect(second).not.toBe(first)
    expect(second.pods).toMatchObject({ total: 3, unschedulable: 1, byStatus: { Running: 1, Pending: 2 } })

    state.apply({ deletedPods: [waiting.id], nodes: [{ ...n1, status: 'Offline' }] })
    expect(state.views.summary.value.pods).toMatchObject({ total: 2, unschedulable: 0 })
    expect(state.views.summary.value.nodes.byStatus).toEqual({ Ready: 0, NotReady: 1, Offline: 1 })
  })

  it('a watched view wakes its watcher when the state changes', () => {
    const state = createClusterState({ nodes: [node('n1')] })
    const totals: number[] = []
    const scope = effectScope()
    scope.run(() =>
      watch(
        () => state.views.summary.value.pods.total,
        (t) => totals.push(t),
      ),
    )
    state.apply({ pods: [pod('a')] })
    state.apply({ pods: [pod('b'), pod('c')] })
    scope.stop()
    state.apply({ pods: [pod('d')] })
    expect(totals.at(-1)).toBe(3)
    expect(totals).not.toContain(4)
  })
})

describe('the change feed', () => {
  it('wakes each watcher once per applied set, nodes first, with each record before and after', () => {
    const n1 = node('n1')
    const a = pod('a')
    const state = createClusterState({ pods: [a] })
    const seen: string[] = []
    const sets: AppliedChanges[] = []
    const stop = watchChanges(state.changes, {
      node: (prev, next) => seen.push(`node ${prev?.name ?? '-'} → ${next?.status ?? '-'}`),
      pod: (prev, next) => seen.push(`pod ${prev?.status ?? '-'} → ${next?.status ?? '-'}`),
    })
    const off = watch(state.changes, (c) => sets.push(c))
    state.apply({ pods: [on(a, n1.id)], nodes: [n1] })
    state.apply({ deletedPods: [a.id] })
    state.apply({ deletedPods: ['no-such-pod'] })
    expect(seen).toEqual(['node - → Ready', 'pod Pending → Running', 'pod Running → -'])
    expect(sets.map((c) => [c.nodes.length, c.pods.length])).toEqual([
      [1, 1],
      [0, 1],
    ])
    stop()
    off.stop()
    state.apply({ pods: [pod('b')] })
    expect(seen).toHaveLength(3)
  })

  it('a watcher sees the state already updated by its change set', () => {
    const state = createClusterState()
    const a = pod('a')
    let seen: PodRecord | undefined
    state.onPodChange((_, next) => {
      seen = next && state.podByName(next.namespace, next.name)
    })
    state.apply({ pods: [a] })
    expect(seen).toBe(a)
  })
})
