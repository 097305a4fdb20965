/**
 * The service controller on the real write path (PGlite), the real scheduling loop and a fake
 * clock, with simulated agents: replicas converge and re-converge, scale both ways, DaemonSets
 * follow nodes, rolling updates keep availability, a crashing version backs off and is rolled
 * back, pause/resume, delete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PackRecord, PodRecord } from '../store/records'
import { servicesRepo } from '../store/services'
import { createHarness, type Harness } from './testing/harness'

let h: Harness
let v1: PackRecord
beforeEach(async () => {
  h = await createHarness()
  v1 = await h.pack('web', '1.0.0')
})
afterEach(() => h.close())
describe('replica mode', () => {
  it('converges to N Running pods spread by the scheduler, each carrying its service', async () => {
    await h.node('a')
    await h.node('b')
    await h.createService({ name: 'web', pack: 'web', replicas: 3 })
    expect(h.running('web')).toHaveLength(3)
    expect(new Set(h.running('web').map((p) => p.nodeId)).size).toBe(2)
    for (const p of h.running('web')) {
      expect(p.name).toMatch(/^web-[a-z0-9]{5}$/)
      expect(p.spec.service).toMatchObject({ name: 'web', packId: v1.id })
      expect(p.spec.restartPolicy).toBe('Always')
    }
    await h.advance(1000)
    expect(h.view('web').counts).toEqual({ desired: 3, current: 3, ready: 3, updated: 3, available: 3 })
    expect(h.service('web')).toMatchObject({ healthyPackId: v1.id, condition: { type: 'Available' } })
    const types = (await h.events()).filter((e) => e.category === 'service').map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['ServiceCreated', 'PodsCreated', 'PodCreated']))
  })

  it('pods that cannot be placed stay Pending with the scheduler’s reason', async () => {
    await h.node('small', { pods: 1 })
    await h.createService({ name: 'web', pack: 'web', replicas: 2 })
    const pending = h.live('web').filter((p) => p.status === 'Pending')
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ reason: 'Unschedulable', message: '0/1 nodes available: 1 too many pods.' })
  })

  it('scales up and down; scale-down takes the least ready, then the newest, and stops them on their nodes', async () => {
    await h.node('a', { pods: 4 })
    await h.createService({ name: 'web', pack: 'web', replicas: 2 })
    await h.advance(1000)
    await h.services.ops.scale(h.admin, 'web', undefined, 5)
    await h.settle()
    // Room for 4: one waits Pending. It is the first to go on scale-down, then the newest.
    expect(h.running('web')).toHaveLength(4)
    const newest = [...h.running('web')].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1))
    await h.services.ops.scale(h.admin, 'web', undefined, 2)
    await h.settle()
    expect(h.live('web')).toHaveLength(2)
    expect(h.stopped.filter((s) => s.endsWith(':ScaleDown'))).toHaveLength(2)
    const kept = new Set(h.live('web').map((p) => p.id))
    expect(kept.has(newest[0]!.id)).toBe(false)
    expect((await h.events()).some((e) => e.type === 'ServiceScaled' && e.message === 'replicas 5 → 2')).toBe(true)
  })

  it('a crashing pod restarts on its node at once, then with back-off: 1 s, 2 s; CrashLoopBackOff in between', async () => {
    await h.node('a')
    await h.node('b')
    await h.pack('flaky', '1.0.0', 'crash')
    await h.createService({ name: 'flaky', pack: 'flaky', replicas: 1 })
    // The first crash restarted at once; the second one waits.
    const [pod] = h.pods('flaky')
    expect(pod).toMatchObject({ status: 'Failed', reason: 'CrashLoopBackOff', restarts: 1, incarnation: 2 })
    expect(pod!.message).toBe('back-off 1s restarting failed pod (restart 2); last exit: Error: boom (exit code 1)')
    await h.clock.advance(999)
    await h.settle()
    expect(h.pods('flaky')[0]!.incarnation).toBe(2)
    await h.advance(1)
    const again = h.pods('flaky')[0]!
    expect(again).toMatchObject({ incarnation: 3, restarts: 2, nodeId: pod!.nodeId, reason: 'CrashLoopBackOff' })
    expect(again.message).toContain('back-off 2s')
    await h.advance(2000)
    expect(h.pods('flaky')[0]).toMatchObject({ incarnation: 4, restarts: 3, nodeId: pod!.nodeId })
    expect(h.pods('flaky')[0]!.message).toContain('back-off 4s')
    // Still one pod: the service does not replace a crash-looping pod, it restarts.
    expect(h.live('flaky')).toHaveLength(1)
    expect(h.assigned.filter((a) => a.startsWith(pod!.name))).toEqual(
      [1, 2, 3, 4].map((i) => `${pod!.name}#${i}@${h.state.nodes.get(pod!.nodeId!)!.name}`),
    )
  })

  it('a pod whose node is lost goes back to Pending and the scheduler places it on another node', async () => {
    const a = await h.node('a')
    await h.node('b', { status: 'NotReady' })
    await h.createService({ name: 'web', pack: 'web', replicas: 1 })
    const [pod] = h.running('web')
    expect(pod!.nodeId).toBe(a.id)
    await h.updateNode('b', { status: 'Ready' })
    // What node health does after the grace: node NotReady, its pods Failed with NodeLost.
    await h.updateNode('a', { status: 'NotReady' })
    await h.report(pod!, { status: 'Failed', reason: 'NodeLost', message: 'node a is NotReady' })
    await h.settle()
    const moved = h.pods('web')[0]!
    expect(moved).toMatchObject({ id: pod!.id, status: 'Running', restarts: 1, incarnation: 2 })
    expect(h.state.nodes.get(moved.nodeId!)!.name).toBe('b')
  })
})

describe('labels', () => {
  it('a pod left with other labels than its service gives (its creation after a label change in one write batch) is relabeled, and only its labels change', async () => {
    await h.node('a')
    await h.createService({ name: 'web', pack: 'web', replicas: 2, labels: { tier: 'front' } })
    const [stale, other] = h.live('web') as [PodRecord, PodRecord]
    expect(stale.labels).toEqual({ tier: 'front', 'stark.io/service': 'web' })
    await h.writes.run((tx) => tx.putPod({ ...stale, labels: { tier: 'old', 'stark.io/service': 'web' } }))
    await h.settle()
    const fixed = h.live('web').find((p) => p.id === stale.id)!
    expect(fixed.labels).toEqual({ tier: 'front', 'stark.io/service': 'web' })
    expect(fixed).toMatchObject({ incarnation: stale.incarnation, status: stale.status, nodeId: stale.nodeId })
    expect(h.live('web').find((p) => p.id === other.id)).toMatchObject({ labels: other.labels, updatedAt: other.updatedAt })
    expect(h.stopped).toEqual([])
  })
})

describe('rolling updates', () => {
  it('1/0: a new pod is available before each old one stops; never more than 4 or fewer than 3 available', async () => {
    await h.node('a')
    await h.node('b')
    await h.createService({ name: 'web', pack: 'web', replicas: 3 })
    await h.advance(1000)
    const v2 = await h.pack('web', '2.0.0')
    const samples: { total: number; available: number }[] = []
    const off = h.state.onPodChange(() => {
      const v = h.view('web')
      samples.push({ total: v.counts.current, available: v.counts.available })
    })
    await h.services.ops.update(h.admin, 'web', undefined, { pack: 'web', version: '2.0.0' })
    for (let i = 0; i < 10; i++) await h.advance(1000)
    off()
    expect(h.live('web').map((p) => p.packId)).toEqual([v2.id, v2.id, v2.id])
    expect(h.running('web')).toHaveLength(3)
    expect(Math.max(...samples.map((s) => s.total))).toBeLessThanOrEqual(4)
    expect(Math.min(...samples.map((s) => s.available))).toBeGreaterThanOrEqual(3)
    expect(h.service('web')).toMatchObject({
      packId: v2.id,
      healthyPackId: v2.id,
      rollout: null,
      condition: { type: 'Available', reason: 'RolloutComplete' },
    })
    expect(h.stopped.filter((s) => s.endsWith(':Rollout'))).toHaveLength(3)
    expect((await h.events()).map((e) => e.type)).toEqual(expect.arrayContaining(['RolloutStarted', 'RolloutComplete']))
  })

  it('a version that throws at start backs off, then the service rolls back to the last healthy version and stays there', async () => {
    await h.node('a')
    await h.createService({ name: 'web', pack: 'web', replicas: 2, followLatest: true })
    await h.advance(1000)
    const oldNames = new Set(h.running('web').map((p) => p.name))
    const bad = await h.pack('web', '2.0.0', 'crash')
    await h.settle()
    // follow-latest started the rollout of 2.0.0 by itself.
    expect(h.service('web')).toMatchObject({ packId: bad.id, rollout: { fromPackId: v1.id } })
    for (let i = 0; i < 10; i++) await h.advance(1000)
    const s = h.service('web')
    expect(s).toMatchObject({
      packId: v1.id,
      failedPackId: bad.id,
      healthyPackId: v1.id,
      condition: { type: 'RolledBack', reason: 'RollbackAfterFailures' },
    })
    expect(s.condition!.message).toMatch(
      /rolled back from web@2\.0\.0 to web@1\.0\.0: the new version failed 3 times in a row during the rollout \(last: Error: boom\)/,
    )
    expect(h.live('web').map((p) => p.packId)).toEqual([v1.id, v1.id])
    expect(h.running('web')).toHaveLength(2)
    const events = await h.events()
    expect(events.filter((e) => e.type === 'BackOff').length).toBeGreaterThanOrEqual(2)
    expect(events.find((e) => e.type === 'RolledBack')).toMatchObject({
      severity: 'warning',
      previousState: 'web@2.0.0',
      newState: 'web@1.0.0',
    })
    // Availability held: no old pod was stopped for the rollout while the new version crashed.
    expect(
      h.stopped.filter((x) => x.endsWith(':Rollout')).every((x) => x.includes(':Rollout') && !oldNames.has(x.split('#')[0]!)),
    ).toBe(true)
    // Not retried by follow-latest…
    for (let i = 0; i < 5; i++) await h.advance(1000)
    expect(h.service('web').packId).toBe(v1.id)
    // …until the user updates again.
    await h.services.ops.update(h.admin, 'web', undefined, { pack: 'web', version: '2.0.0' })
    expect(await servicesRepo.get(h.db, s.id)).toMatchObject({ packId: bad.id, failedPackId: null })
  })

  it('with nothing healthy to go back to, the failure is recorded once and the pods keep backing off', async () => {
    await h.node('a')
    const bad = await h.pack('broken', '1.0.0', 'crash')
    await h.createService({ name: 'broken', pack: 'broken', replicas: 1 })
    await h.pack('broken', '2.0.0', 'crash')
    await h.services.ops.update(h.admin, 'broken', undefined, { pack: 'broken', version: '2.0.0' })
    for (let i = 0; i < 10; i++) await h.advance(1000)
    expect(h.service('broken').condition).toMatchObject({ type: 'RolloutFailed', reason: 'NoHealthyVersion' })
    expect((await h.events()).filter((e) => e.type === 'RolloutFailed')).toHaveLength(1)
    expect(h.service('broken').packId).not.toBe(bad.id)
  })

  it('waits for pods of a pack that declares readiness to print stark:ready', async () => {
    await h.close()
    h = await createHarness({ declares: async () => true })
    await h.pack('web', '1.0.0')
    await h.node('a')
    await h.createService({ name: 'web', pack: 'web', replicas: 1 })
    await h.advance(2000)
    expect(h.view('web').counts).toMatchObject({ current: 1, ready: 0, available: 0 })
    h.print(h.running('web')[0]!, 'stark:ready')
    await h.settle()
    await h.advance(1000)
    expect(h.view('web').counts).toMatchObject({ ready: 1, available: 1 })
    const v2 = await h.pack('web', '2.0.0')
    await h.services.ops.update(h.admin, 'web', undefined, { pack: 'web', version: '2.0.0' })
    await h.advance(5000)
    // The new pod runs but has not said it is ready: the old one keeps serving.
    expect(
      h
        .running('web')
        .map((p) => p.packId)
        .sort(),
    ).toEqual([v1Id(), v2.id].sort())
    h.print(h.running('web').find((p) => p.packId === v2.id)!, 'stark:ready')
    await h.settle()
    await h.advance(2000)
    expect(h.live('web').map((p) => p.packId)).toEqual([v2.id])
  })
  const v1Id = () => [...h.state.packs.values()].find((p) => p.name === 'web' && p.version === '1.0.0')!.id
})

describe('DaemonSet mode', () => {
  it('one pod on every matching node; follows nodes joining, leaving and relabelled; stays on cordoned ones', async () => {
    await h.node('a', { labels: { role: 'edge' } })
    await h.node('b', { labels: { role: 'edge' } })
    await h.node('c', { labels: { role: 'core' } })
    await h.createService({ name: 'agent', pack: 'web', replicas: 0, selector: { role: 'edge' } })
    const nodesOf = () =>
      h
        .running('agent')
        .map((p) => h.state.nodes.get(p.nodeId!)!.name)
        .sort()
    expect(h.service('agent').mode).toBe('daemonset')
    expect(nodesOf()).toEqual(['a', 'b'])
    for (const p of h.running('agent')) expect(p.spec.service!.nodeId).toBe(p.nodeId)

    await h.node('d', { labels: { role: 'edge' } })
    await h.settle()
    expect(nodesOf()).toEqual(['a', 'b', 'd'])
    expect(h.view('agent').counts.desired).toBe(3)

    await h.updateNode('c', { labels: { role: 'edge' } })
    await h.updateNode('a', { labels: { role: 'core' } })
    await h.settle()
    expect(nodesOf()).toEqual(['b', 'c', 'd'])

    // Cordoning keeps the DaemonSet's pod (as in Kubernetes), and a cordoned newcomer gets one.
    await h.updateNode('b', { unschedulable: true })
    await h.settle()
    expect(nodesOf()).toEqual(['b', 'c', 'd'])
    await h.node('e', { labels: { role: 'edge' }, unschedulable: true })
    await h.settle()
    expect(nodesOf()).toEqual(['b', 'c', 'd', 'e'])
    await h.updateNode('b', { labels: { role: 'core' } })
    await h.updateNode('e', { labels: { role: 'core' } })
    await h.settle()
    expect(nodesOf()).toEqual(['c', 'd'])

    // A node that leaves: its pod is lost (node health), then removed; back again, a new pod.
    const onD = h.running('agent').find((p) => h.state.nodes.get(p.nodeId!)!.name === 'd')!
    await h.updateNode('d', { status: 'NotReady' })
    await h.settle()
    expect(nodesOf()).toContain('d') // a NotReady blip keeps the running pod
    await h.report(onD, { status: 'Failed', reason: 'NodeLost', message: 'node d is NotReady' })
    await h.settle()
    expect(
      h
        .live('agent')
        .map((p) => h.state.nodes.get(p.nodeId!)!.name)
        .sort(),
    ).toEqual(['c'])
    await h.updateNode('d', { status: 'Ready' })
    await h.settle()
    expect(nodesOf()).toEqual(['c', 'd'])
  })

  it('never two pods on a node: a rollout replaces node by node, after the old pod has stopped', async () => {
    for (const n of ['a', 'b', 'c']) await h.node(n)
    await h.createService({ name: 'agent', pack: 'web', daemonset: true })
    await h.advance(1000)
    const v2 = await h.pack('web', '2.0.0')
    let maxPerNode = 0
    const off = h.state.onPodChange(() => {
      const counts = new Map<string, number>()
      for (const p of h.pods('agent'))
        if (p.nodeId && (p.status === 'Scheduled' || p.status === 'Running' || p.status === 'Stopping'))
          counts.set(p.nodeId, (counts.get(p.nodeId) ?? 0) + 1)
      maxPerNode = Math.max(maxPerNode, ...counts.values())
    })
    await h.services.ops.update(h.admin, 'agent', undefined, { pack: 'web', version: '2.0.0' })
    for (let i = 0; i < 8; i++) await h.advance(1000)
    off()
    expect(maxPerNode).toBe(1)
    expect(h.running('agent').map((p) => p.packId)).toEqual([v2.id, v2.id, v2.id])
    expect(h.service('agent').healthyPackId).toBe(v2.id)
  })
})

describe('pause, resume, delete', () => {
  it('a paused service keeps its pods and does nothing until resumed', async () => {
    await h.node('a')
    await h.createService({ name: 'web', pack: 'web', replicas: 1 })
    await h.services.ops.setPaused(h.admin, 'web', undefined, true)
    await h.services.ops.scale(h.admin, 'web', undefined, 3)
    await h.settle()
    expect(h.live('web')).toHaveLength(1)
    expect(h.service('web')).toMatchObject({ paused: true, replicas: 3, condition: { type: 'Paused' } })
    await h.services.ops.setPaused(h.admin, 'web', undefined, false)
    await h.settle()
    expect(h.running('web')).toHaveLength(3)
  })

  it('delete stops every pod on its node, then the pods and the service are gone', async () => {
    await h.node('a')
    await h.node('b')
    const s = await h.createService({ name: 'web', pack: 'web', replicas: 3 })
    const names = h.running('web').map((p) => p.name)
    await h.services.ops.delete(h.admin, 'web', undefined)
    await h.settle()
    expect(
      h.stopped
        .filter((x) => x.endsWith(':ServiceDeleted'))
        .map((x) => x.split('#')[0])
        .sort(),
    ).toEqual(names.sort())
    expect(h.pods('web')).toEqual([])
    expect(h.services.store.get(s.id)).toBeUndefined()
    expect(await servicesRepo.get(h.db, s.id)).toBeUndefined()
    expect((await h.events()).map((e) => e.type)).toEqual(expect.arrayContaining(['ServiceDeleting', 'ServiceDeleted']))
    // The name is free again.
    await h.createService({ name: 'web', pack: 'web', replicas: 1 })
    expect(h.running('web')).toHaveLength(1)
  })
})

describe('bare pods', () => {
  it('restartPolicy OnFailure uses the same back-off; Never does not restart', async () => {
    await h.node('a')
    await h.pack('job', '1.0.0', 'crash')
    const retried = await h.podOps.create(h.admin, { pack: 'job', name: 'retried', restartPolicy: 'OnFailure' })
    const once = await h.podOps.create(h.admin, { pack: 'job', name: 'once', restartPolicy: 'Never' })
    await h.settle()
    expect(h.state.pods.get(retried.id)).toMatchObject({ incarnation: 2, restarts: 1, reason: 'CrashLoopBackOff' })
    await h.advance(1000)
    expect(h.state.pods.get(retried.id)).toMatchObject({ incarnation: 3, restarts: 2, reason: 'CrashLoopBackOff' })
    expect(h.state.pods.get(once.id)).toMatchObject({ status: 'Failed', incarnation: 1, restarts: 0, reason: 'Error' })
  })

  it('pod rollback of a service pod: the service keeps it (it was made from the service template)', async () => {
    await h.node('a')
    const v2 = await h.pack('web', '2.0.0')
    await h.createService({ name: 'web', pack: 'web', version: '2.0.0', replicas: 2 })
    const [pod] = h.running('web')
    await h.rollback.rollback(h.admin, pod!.name)
    await h.advance(3000)
    expect(h.state.pods.get(pod!.id)).toMatchObject({ status: 'Running', packId: v1.id, incarnation: 2 })
    expect(
      h
        .running('web')
        .map((p) => p.packId)
        .sort(),
    ).toEqual([v1.id, v2.id].sort())
    expect(h.live('web')).toHaveLength(2)
  })

  it('pod rollback runs the previous version as a new incarnation on the same node', async () => {
    const a = await h.node('a')
    const v2 = await h.pack('web', '2.0.0')
    const pod = await h.podOps.create(h.admin, { pack: 'web', version: '2.0.0', name: 'solo' })
    await h.settle()
    expect(h.state.pods.get(pod.id)).toMatchObject({ status: 'Running', packId: v2.id, incarnation: 1 })
    await h.rollback.rollback(h.admin, 'solo')
    await h.settle()
    expect(h.state.pods.get(pod.id)).toMatchObject({ status: 'Running', packId: v1.id, incarnation: 2, nodeId: a.id })
    expect(h.assigned).toContain('solo#2@a')
    await expect(h.rollback.rollback(h.admin, 'solo')).rejects.toThrow(/nothing to roll back to/)
  })
})
