import { describe, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { planService, ROLLBACK_AFTER_FAILURES, type PlanInput, type PlanNode } from './plan'
import { removalOrder, START_WINDOW_MS } from './plan-pods'
import { makeService, makeServicePod, nodeMap, planNode, readyWhenRunning, T0 } from './testing/fixtures'

const NOW = T0 + 60_000

function plan(service: ServiceRecord, pods: PodRecord[], extra: Partial<PlanInput> = {}) {
  return planService({ service, pods, nodes: new Map(), now: NOW, readySince: readyWhenRunning, ...extra })
}
const names = (pods: { pod: PodRecord }[]) => pods.map((r) => r.pod.name).sort()

describe('replica mode without a rollout', () => {
  const s = makeService({ replicas: 3 })
  it.each([
    { name: 'creates what is missing', pods: 1, create: 2, remove: 0 },
    { name: 'nothing to do at the count', pods: 3, create: 0, remove: 0 },
    { name: 'removes the surplus', pods: 5, create: 0, remove: 2 },
    { name: 'from nothing', pods: 0, create: 3, remove: 0 },
  ])('$name', ({ pods, create, remove }) => {
    const p = plan(
      s,
      Array.from({ length: pods }, () => makeServicePod(s)),
    )
    expect(p.create).toHaveLength(create)
    expect(p.create.every((c) => c.reason === 'ScaleUp' && c.nodeId === undefined)).toBe(true)
    expect(p.remove).toHaveLength(remove)
    expect(p.remove.every((r) => r.reason === 'ScaleDown')).toBe(true)
  })

  it('scale to zero removes every pod', () => {
    const z = makeService({ replicas: 0 })
    expect(plan(z, [makeServicePod(z), makeServicePod(z)]).remove).toHaveLength(2)
  })

  it('pods being deleted do not count', () => {
    const p = plan(s, [makeServicePod(s), makeServicePod(s, { deleted: true, status: 'Stopping' })])
    expect(p.create).toHaveLength(2)
    expect(p.counts.current).toBe(1)
  })

  it('a crash-looping pod counts: it restarts in place, no replacement is made', () => {
    const p = plan(s, [makeServicePod(s), makeServicePod(s), makeServicePod(s, { status: 'Failed' })])
    expect(p.create).toHaveLength(0)
    expect(p.counts).toMatchObject({ desired: 3, current: 3, ready: 2, available: 2 })
  })

  it('scale-down takes the least ready first, then the newest', () => {
    const pods = [
      makeServicePod(s, { name: 'old-running', createdAt: T0 }),
      makeServicePod(s, { name: 'new-running', createdAt: T0 + 10 }),
      makeServicePod(s, { name: 'pending', status: 'Pending' }),
      makeServicePod(s, { name: 'crashing', status: 'Failed' }),
      makeServicePod(s, { name: 'scheduled', status: 'Scheduled' }),
    ]
    expect(removalOrder(pods, s, readyWhenRunning, NOW).map((p) => p.name)).toEqual([
      'pending',
      'crashing',
      'scheduled',
      'new-running',
      'old-running',
    ])
    expect(names(plan(makeService({ replicas: 2 }), pods).remove)).toEqual(['crashing', 'pending', 'scheduled'])
  })

  it('is complete when every pod is up to date and available', () => {
    expect(plan(s, [makeServicePod(s), makeServicePod(s), makeServicePod(s)]).complete).toBe(true)
    expect(plan(s, [makeServicePod(s), makeServicePod(s), makeServicePod(s, { status: 'Scheduled' })]).complete).toBe(false)
  })
})

describe('replica mode rolling update (maxSurge/maxUnavailable)', () => {
  const old = (s: ServiceRecord, o = {}) => makeServicePod(s, { version: 'v1', ...o })
  const rolling = (patch: Partial<ServiceRecord> = {}) =>
    makeService({ replicas: 3, rollout: { fromPackId: 'v1', startedAt: T0, rollback: false }, ...patch })

  it.each([
    {
      name: '1/0: one surge pod first, no old pod stops',
      surge: 1,
      unavail: 0,
      oldN: 3,
      newN: 0,
      newAvail: 0,
      create: 1,
      remove: 0,
    },
    {
      name: '1/0: a new pod available → one old pod stops and the next new pod starts',
      surge: 1,
      unavail: 0,
      oldN: 3,
      newN: 1,
      newAvail: 1,
      create: 1,
      remove: 1,
    },
    {
      name: '1/0: a new pod not yet available → wait',
      surge: 1,
      unavail: 0,
      oldN: 3,
      newN: 1,
      newAvail: 0,
      create: 0,
      remove: 0,
    },
    {
      name: '0/1: one old pod stops and its replacement starts',
      surge: 0,
      unavail: 1,
      oldN: 3,
      newN: 0,
      newAvail: 0,
      create: 1,
      remove: 1,
    },
    {
      name: '2/1: one old pod stops, three new ones start',
      surge: 2,
      unavail: 1,
      oldN: 3,
      newN: 0,
      newAvail: 0,
      create: 3,
      remove: 1,
    },
    {
      name: 'last old pod goes once the new ones are available',
      surge: 1,
      unavail: 0,
      oldN: 1,
      newN: 3,
      newAvail: 3,
      create: 0,
      remove: 1,
    },
  ])('$name', ({ surge, unavail, oldN, newN, newAvail, create, remove }) => {
    const s = rolling({ maxSurge: surge, maxUnavailable: unavail })
    const pods = [
      ...Array.from({ length: oldN }, () => old(s)),
      ...Array.from({ length: newN }, (_, i) => makeServicePod(s, { status: i < newAvail ? 'Running' : 'Scheduled' })),
    ]
    const p = plan(s, pods)
    expect(p.create).toHaveLength(create)
    expect(p.remove).toHaveLength(remove)
    expect(p.remove.every((r) => r.pod.spec.service!.packId === 'v1' && r.reason === 'Rollout')).toBe(true)
  })

  it('old pods that are not available go first and cost no availability', () => {
    const s = rolling()
    const pods = [
      old(s, { name: 'old-ok' }),
      old(s, { name: 'old-ok2' }),
      old(s, { name: 'old-crashing', status: 'Failed' }),
      makeServicePod(s),
    ]
    expect(names(plan(s, pods).remove)).toEqual(['old-crashing'])
    // While the new pod is not available, even the crashing old pod stays (it might recover).
    const starting = [...pods.slice(0, 3), makeServicePod(s, { status: 'Scheduled' })]
    expect(plan(s, starting).remove).toEqual([])
  })

  it('minReadySeconds: a new pod must have run that long before an old one stops; wakes up then', () => {
    const s = rolling({ minReadySeconds: 10 })
    const pods = [old(s), old(s), old(s), makeServicePod(s, { startedAt: NOW - 4000 })]
    const p = plan(s, pods)
    expect(p.remove).toHaveLength(0)
    expect(p.wakeAt).toBe(NOW + 6000)
    expect(plan(s, pods, { now: NOW + 6000 }).remove).toHaveLength(1)
  })

  it('minReadySeconds 0: a pod Running for less than the start window is not available yet (its pack may still throw at start)', () => {
    const s = rolling({ minReadySeconds: 0 })
    const pods = [old(s), old(s), old(s), makeServicePod(s, { startedAt: NOW - 400 })]
    const p = plan(s, pods)
    expect(p.remove).toHaveLength(0)
    expect(p.counts).toMatchObject({ ready: 4, available: 3 })
    expect(p.wakeAt).toBe(NOW - 400 + START_WINDOW_MS)
    expect(plan(s, pods, { now: NOW - 400 + START_WINDOW_MS }).remove).toHaveLength(1)
    // Complete only once the new pods have outlived the window.
    const fresh = makeService({ replicas: 1, minReadySeconds: 0 })
    const one = [makeServicePod(fresh, { startedAt: NOW - 10 })]
    expect(plan(fresh, one).complete).toBe(false)
    expect(plan(fresh, one, { now: NOW - 10 + START_WINDOW_MS }).complete).toBe(true)
  })

  it('a pod that declares readiness but has not said so is not available', () => {
    const s = rolling()
    const fresh = makeServicePod(s)
    const p = plan(s, [old(s), old(s), old(s), fresh], { readySince: (pod) => (pod === fresh ? null : T0) })
    expect(p.remove).toHaveLength(0)
  })

  it('scaled down during a rollout: surplus new pods go, least ready first', () => {
    const s = rolling({ replicas: 1 })
    const p = plan(s, [
      old(s),
      makeServicePod(s, { name: 'ready' }),
      makeServicePod(s, { name: 'starting', status: 'Scheduled' }),
    ])
    expect(names(p.remove)).toEqual(expect.arrayContaining(['starting']))
    expect(p.keep.map((k) => k.name)).toContain('ready')
  })

  it('is not complete while an old pod remains', () => {
    const s = rolling()
    expect(plan(s, [old(s), makeServicePod(s), makeServicePod(s), makeServicePod(s)]).complete).toBe(false)
  })
})

describe('retargeting: follow-latest and automatic rollback', () => {
  const rollout = { fromPackId: 'v1', startedAt: T0, rollback: false }

  it(`rolls back to the healthy version after ${ROLLBACK_AFTER_FAILURES} failures in a row during a rollout`, () => {
    const s = makeService({ rollout, healthyPackId: 'v1' })
    const p = plan(s, [makeServicePod(s, { status: 'Failed' })], { rolloutFailures: { count: 3, last: 'Error: boom' } })
    expect(p.retarget).toEqual({
      to: { packId: 'v1', template: s.template, templateHash: '' },
      why: 'Rollback',
      message: expect.stringContaining('failed 3 times in a row'),
    })
    expect(p.retarget!.message).toContain('Error: boom')
    expect(p.create).toEqual([])
    expect(p.remove).toEqual([])
  })

  it.each([
    { name: 'two failures are not enough', patch: { rollout, healthyPackId: 'v1' }, count: 2 },
    { name: 'no rollout in progress', patch: { healthyPackId: 'v1' }, count: 5 },
    {
      name: 'a rollback is never rolled back',
      patch: { rollout: { ...rollout, rollback: true }, healthyPackId: 'v1' },
      count: 5,
    },
  ])('no rollback: $name', ({ patch, count }) => {
    const s = makeService(patch)
    expect(plan(s, [makeServicePod(s, { status: 'Failed' })], { rolloutFailures: { count } }).retarget).toBeUndefined()
  })

  it('nothing healthy to roll back to: reported once, the plan goes on', () => {
    const s = makeService({ rollout, healthyPackId: null, replicas: 2 })
    const p = plan(s, [makeServicePod(s, { status: 'Failed' })], { rolloutFailures: { count: 3 } })
    expect(p.retarget).toBeUndefined()
    expect(p.rolloutFailed?.message).toContain('nothing to roll back to')
    expect(p.create).toHaveLength(1)
    const again = plan({ ...s, condition: { type: 'RolloutFailed', reason: 'x', message: 'y', at: T0 } }, [], {
      rolloutFailures: { count: 4 },
    })
    expect(again.rolloutFailed).toBeUndefined()
  })

  it('follow-latest moves to a newer version, but never back to the one that failed', () => {
    expect(plan(makeService({ followLatest: true }), [], { newerPackId: 'v3' }).retarget).toMatchObject({
      to: { packId: 'v3', templateHash: '' },
      why: 'FollowLatest',
    })
    expect(plan(makeService({ followLatest: true, failedPackId: 'v3' }), [], { newerPackId: 'v3' }).retarget).toBeUndefined()
    expect(plan(makeService({ followLatest: false }), [], { newerPackId: 'v3' }).retarget).toBeUndefined()
  })
})

describe('DaemonSet mode', () => {
  const ds = (patch: Partial<ServiceRecord> = {}) => makeService({ mode: 'daemonset', replicas: 0, ...patch })
  const dsPlan = (s: ServiceRecord, pods: PodRecord[], ...nodes: PlanNode[]) => plan(s, pods, { nodes: nodeMap(...nodes) })

  it('one pod per eligible node, bound to it; ineligible nodes get none', () => {
    const s = ds()
    const p = dsPlan(s, [], planNode('a'), planNode('b'), planNode('c', { eligible: false }))
    expect(p.create).toEqual([
      { nodeId: 'a', reason: 'NodeAdded' },
      { nodeId: 'b', reason: 'NodeAdded' },
    ])
    expect(p.counts.desired).toBe(2)
  })

  it('a node with a pod gets no second one; duplicates go, the best stays', () => {
    const s = ds()
    const keep = makeServicePod(s, { nodeId: 'a', name: 'running' })
    const extra = makeServicePod(s, { nodeId: 'a', name: 'starting', status: 'Scheduled' })
    const p = dsPlan(s, [keep, extra], planNode('a'))
    expect(p.create).toEqual([])
    expect(p.remove).toEqual([{ pod: extra, reason: 'Duplicate' }])
  })

  it.each([
    { name: 'node deleted', nodes: [] as PlanNode[], status: 'Running' as const, reason: 'NodeGone' },
    {
      name: 'node Offline',
      nodes: [planNode('a', { status: 'Offline', eligible: false })],
      status: 'Running' as const,
      reason: 'NodeGone',
    },
    {
      name: 'labels no longer match / cordoned',
      nodes: [planNode('a', { eligible: false })],
      status: 'Running' as const,
      reason: 'NodeNotEligible',
    },
    {
      name: 'NotReady with a finished pod',
      nodes: [planNode('a', { status: 'NotReady', eligible: false })],
      status: 'Failed' as const,
      reason: 'NodeGone',
    },
  ])('pod removed: $name', ({ nodes, status, reason }) => {
    const s = ds()
    const pod = makeServicePod(s, { nodeId: 'a', status })
    expect(dsPlan(s, [pod], ...nodes).remove).toEqual([{ pod, reason }])
  })

  it('a NotReady node keeps its running pod (it may be reconnecting)', () => {
    const s = ds()
    const pod = makeServicePod(s, { nodeId: 'a' })
    const p = dsPlan(s, [pod], planNode('a', { status: 'NotReady', eligible: false }))
    expect(p.remove).toEqual([])
    expect(p.keep).toEqual([pod])
  })

  it('a pod moved off its node (preempted, then placed elsewhere) goes; one pinned to a node waits there for the scheduler', () => {
    const s = ds()
    const moved = makeServicePod(s, { nodeId: 'b', target: 'a' })
    const pending = makeServicePod(s, { status: 'Pending', nodeId: null, target: 'a' })
    const p = dsPlan(s, [moved, pending], planNode('a'), planNode('b'))
    expect(p.remove.map((r) => r.reason)).toEqual(['WrongNode'])
    expect(p.keep).toEqual([pending])
    // Node b gets its own pod, a has one on the way: nothing more to create for a.
    expect(p.create).toEqual([{ nodeId: 'b', reason: 'NodeAdded' }])
    // A pod with neither a node nor a pin has no place in a DaemonSet.
    const stray = makeServicePod(s, { status: 'Pending', nodeId: null })
    expect(dsPlan(s, [stray], planNode('a')).remove.map((r) => r.reason)).toEqual(['Unbound'])
  })

  it('waits for a stopping pod to be gone before binding the next one to that node', () => {
    const s = ds()
    const stopping = makeServicePod(s, { nodeId: 'a', status: 'Stopping', deleted: true })
    expect(dsPlan(s, [stopping], planNode('a')).create).toEqual([])
  })

  it('a node that cannot fit the pod is reported with the reason', () => {
    const p = dsPlan(ds(), [], planNode('a', { unfit: 'insufficient memory' }))
    expect(p.create).toEqual([])
    expect(p.unschedulable).toEqual([{ nodeId: 'a', node: 'a', reason: 'insufficient memory' }])
  })

  it('rollout: one available old pod at a time (maxUnavailable 0 still replaces one), unavailable old pods at once', () => {
    const s = ds({ rollout: { fromPackId: 'v1', startedAt: T0, rollback: false } })
    const pods = [
      makeServicePod(s, { nodeId: 'a', version: 'v1' }),
      makeServicePod(s, { nodeId: 'b', version: 'v1' }),
      makeServicePod(s, { nodeId: 'c', version: 'v1', status: 'Failed' }),
    ]
    const p = dsPlan(s, pods, planNode('a'), planNode('b'), planNode('c'))
    // c's pod is not available: it is replaced, and that already uses the budget of one.
    expect(p.remove.map((r) => r.pod.nodeId)).toEqual(['c'])
    const healthy = pods.slice(0, 2)
    expect(dsPlan(s, healthy, planNode('a'), planNode('b')).remove).toHaveLength(1)
    expect(dsPlan({ ...s, maxUnavailable: 2 }, healthy, planNode('a'), planNode('b')).remove).toHaveLength(2)
  })

  it('is complete when every eligible node runs an up-to-date available pod', () => {
    const s = ds()
    expect(dsPlan(s, [makeServicePod(s, { nodeId: 'a' })], planNode('a')).complete).toBe(true)
    expect(dsPlan(s, [makeServicePod(s, { nodeId: 'a' })], planNode('a'), planNode('b')).complete).toBe(false)
  })
})
