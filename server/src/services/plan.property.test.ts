/**
 * Safety invariants of the service planner over random states (fast-check), after Nomad's
 * reconciler property tests: never more than replicas + maxSurge pods, never below replicas −
 * maxUnavailable available during a rollout, never two pods of a DaemonSet on one node — and a
 * simulated cluster with room enough always finishes its rollout.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { planService, type PlanNode } from './plan'
import { isAvailable, isLive, occupiesNode } from './plan-pods'
import { makeService, makeServicePod, nodeMap, planNode, readyWhenRunning, T0 } from './testing/fixtures'

const NOW = T0 + 60_000
const statuses = ['Pending', 'Scheduled', 'Running', 'Running', 'Running', 'Stopping', 'Failed', 'Succeeded'] as const

const strategy = fc
  .record({
    replicas: fc.integer({ min: 0, max: 8 }),
    maxSurge: fc.integer({ min: 0, max: 3 }),
    maxUnavailable: fc.integer({ min: 0, max: 3 }),
  })
  .filter((s) => s.maxSurge + s.maxUnavailable > 0)

const podShape = fc.record({
  status: fc.constantFrom(...statuses),
  old: fc.boolean(),
  /** Made from an earlier template (of whichever version). */
  oldTemplate: fc.boolean(),
  deleted: fc.boolean(),
  startedAgo: fc.constantFrom(0, 500, 5000, 60_000),
})

function podsFrom(
  s: ServiceRecord,
  shapes: { status: PodRecord['status']; old: boolean; oldTemplate: boolean; deleted: boolean; startedAgo: number }[],
): PodRecord[] {
  return shapes.map((p) =>
    makeServicePod(s, {
      status: p.status,
      version: p.old ? 'v1' : s.packId,
      templateHash: p.oldTemplate ? 'h-old' : s.templateHash,
      deleted: p.deleted && (p.status === 'Stopping' || p.status === 'Running'),
      startedAt: p.status === 'Running' ? NOW - p.startedAgo : null,
    }),
  )
}

describe('replica-mode invariants (random states)', () => {
  it('never more than replicas + maxSurge pods after creating; never more than before otherwise', () => {
    fc.assert(
      fc.property(strategy, fc.array(podShape, { maxLength: 14 }), fc.integer({ min: 0, max: 2 }), (st, shapes, minReady) => {
        const s = makeService({
          ...st,
          templateHash: 'h-new',
          minReadySeconds: minReady,
          rollout: shapes.some((p) => p.old || p.oldTemplate) ? { fromPackId: 'v1', startedAt: T0, rollback: false } : null,
        })
        const pods = podsFrom(s, shapes)
        const plan = planService({ service: s, pods, nodes: new Map(), now: NOW, readySince: readyWhenRunning })
        const before = pods.filter(isLive).length
        const after = before - plan.remove.length + plan.create.length
        if (plan.create.length > 0) expect(after).toBeLessThanOrEqual(s.replicas + s.maxSurge)
        expect(after).toBeLessThanOrEqual(Math.max(before, s.replicas + s.maxSurge))
      }),
      { numRuns: 500 },
    )
  })

  it('during a rollout, availability never drops below min(what it was, replicas − maxUnavailable)', () => {
    fc.assert(
      fc.property(strategy, fc.array(podShape, { minLength: 1, maxLength: 14 }), (st, shapes) => {
        const s = makeService({ ...st, templateHash: 'h-new', rollout: { fromPackId: 'v1', startedAt: T0, rollback: false } })
        const pods = podsFrom(
          s,
          shapes.map((p, i) => (i === 0 ? { ...p, old: true, deleted: false } : p)),
        )
        const plan = planService({ service: s, pods, nodes: new Map(), now: NOW, readySince: readyWhenRunning })
        const available = (list: PodRecord[]) => list.filter((p) => isLive(p) && isAvailable(p, s, readyWhenRunning, NOW)).length
        const removed = new Set(plan.remove.map((r) => r.pod.id))
        const before = available(pods)
        const after = available(pods.filter((p) => !removed.has(p.id)))
        expect(after).toBeGreaterThanOrEqual(Math.min(before, Math.max(0, s.replicas - s.maxUnavailable)))
      }),
      { numRuns: 500 },
    )
  })

  it('keep and remove split the live pods; deleted pods are never touched', () => {
    fc.assert(
      fc.property(strategy, fc.array(podShape, { maxLength: 14 }), (st, shapes) => {
        const s = makeService({ ...st, rollout: { fromPackId: 'v1', startedAt: T0, rollback: false } })
        const pods = podsFrom(s, shapes)
        const plan = planService({ service: s, pods, nodes: new Map(), now: NOW, readySince: readyWhenRunning })
        const ids = [...plan.keep.map((p) => p.id), ...plan.remove.map((r) => r.pod.id)].sort()
        expect(ids).toEqual(
          pods
            .filter(isLive)
            .map((p) => p.id)
            .sort(),
        )
      }),
      { numRuns: 300 },
    )
  })
})

/**
 * A tiny cluster: each step applies the plan (removed pods vanish, created pods appear Pending),
 * then the "scheduler and agents" start Pending pods while there is room, and a started pod is
 * available at the next step.
 */
function simulateRollout(
  st: { replicas: number; maxSurge: number; maxUnavailable: number },
  capacity: number,
  crashNew = false,
  /** The step at which the template changes too (a new rollout on top of the running one). */
  templateChangeAt?: number,
) {
  let s = makeService({ ...st, packId: 'v2', rollout: { fromPackId: 'v1', startedAt: T0, rollback: false } })
  let pods: PodRecord[] = Array.from({ length: st.replicas }, () => makeServicePod(s, { version: 'v1' }))
  let now = NOW
  const history: { total: number; available: number }[] = []
  for (let step = 0; step < 200; step++) {
    const plan = planService({ service: s, pods, nodes: new Map(), now, readySince: readyWhenRunning })
    if (plan.complete) return { done: true, history, steps: step }
    const removed = new Set(plan.remove.map((r) => r.pod.id))
    pods = pods.filter((p) => !removed.has(p.id))
    for (let i = 0; i < plan.create.length; i++) pods.push(makeServicePod(s, { status: 'Pending', nodeId: null }))
    const available = pods.filter((p) => isAvailable(p, s, readyWhenRunning, now)).length
    history.push({ total: pods.length, available })
    now += 1000
    let running = pods.filter((p) => p.status === 'Running').length
    pods = pods.map((p) => {
      if (p.status !== 'Pending' || running >= capacity) return p
      running++
      return { ...p, status: crashNew ? 'Failed' : 'Running', nodeId: 'n1', startedAt: now }
    })
    s =
      step + 1 === templateChangeAt ? { ...s, templateHash: 'h-changed', rollout: { ...s.rollout!, fromPackId: 'v2' } } : { ...s }
  }
  return { done: false, history, steps: 200 }
}

describe('replica-mode rollout simulation', () => {
  it('with room for replicas + maxSurge it finishes, within the surge, never below replicas − maxUnavailable', () => {
    fc.assert(
      fc.property(
        strategy.filter((s) => s.replicas > 0),
        (st) => {
          const run = simulateRollout(st, st.replicas + st.maxSurge)
          expect(run.done).toBe(true)
          for (const h of run.history) {
            expect(h.total).toBeLessThanOrEqual(st.replicas + st.maxSurge)
            expect(h.available).toBeGreaterThanOrEqual(st.replicas - st.maxUnavailable)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a template change in the middle of a version rollout still finishes, within the same bounds', () => {
    fc.assert(
      fc.property(
        strategy.filter((s) => s.replicas > 0),
        fc.integer({ min: 1, max: 6 }),
        (st, at) => {
          const run = simulateRollout(st, st.replicas + st.maxSurge, false, at)
          expect(run.done).toBe(true)
          for (const h of run.history) {
            expect(h.total).toBeLessThanOrEqual(st.replicas + st.maxSurge)
            expect(h.available).toBeGreaterThanOrEqual(st.replicas - st.maxUnavailable)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a new version that never starts never takes availability below replicas − maxUnavailable', () => {
    fc.assert(
      fc.property(
        strategy.filter((s) => s.replicas > 0),
        (st) => {
          const run = simulateRollout(st, st.replicas + st.maxSurge, true)
          expect(run.done).toBe(false)
          for (const h of run.history) expect(h.available).toBeGreaterThanOrEqual(st.replicas - st.maxUnavailable)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('DaemonSet invariants (random states)', () => {
  const nodeShape = fc.record({
    eligible: fc.boolean(),
    status: fc.constantFrom('Ready', 'Ready', 'NotReady', 'Offline'),
    unfit: fc.boolean(),
  })
  const dsPod = fc.record({
    node: fc.integer({ min: 0, max: 5 }),
    status: fc.constantFrom(...statuses),
    old: fc.boolean(),
    deleted: fc.boolean(),
    moved: fc.boolean(),
  })

  it('never two pods of a DaemonSet on one node, and none where it does not belong', () => {
    fc.assert(
      fc.property(
        fc.array(nodeShape, { minLength: 1, maxLength: 6 }),
        fc.array(dsPod, { maxLength: 14 }),
        fc.integer({ min: 0, max: 3 }),
        (nodeShapes, podShapes, maxUnavailable) => {
          const nodes: PlanNode[] = nodeShapes.map((n, i) =>
            planNode(`n${i}`, {
              status: n.status as PlanNode['status'],
              eligible: n.eligible && n.status === 'Ready',
              ...(n.unfit ? { unfit: 'insufficient cpu' } : {}),
            }),
          )
          const s = makeService({
            mode: 'daemonset',
            replicas: 0,
            maxUnavailable,
            rollout: { fromPackId: 'v1', startedAt: T0, rollback: false },
          })
          const pods = podShapes.map((p) => {
            const nodeId = p.status === 'Pending' ? null : `n${p.node % 6}`
            const target = `n${(p.node + (p.moved ? 1 : 0)) % 6}`
            return makeServicePod(s, { status: p.status, nodeId, target, version: p.old ? 'v1' : s.packId, deleted: p.deleted })
          })
          const plan = planService({ service: s, pods, nodes: nodeMap(...nodes), now: NOW, readySince: readyWhenRunning })
          const byNode = new Map<string, number>()
          const bump = (id: string) => byNode.set(id, (byNode.get(id) ?? 0) + 1)
          const removed = new Set(plan.remove.map((r) => r.pod.id))
          const at = (p: PodRecord) => p.nodeId ?? p.spec.service?.nodeId
          for (const p of plan.keep) if (at(p) && nodes.find((n) => n.id === at(p))?.eligible) bump(at(p)!)
          for (const c of plan.create) {
            expect(c.nodeId).toBeDefined()
            expect(nodes.find((n) => n.id === c.nodeId)?.eligible).toBe(true)
            // Nothing of this service may still run there: no kept pod, no pod still stopping.
            expect(pods.some((p) => at(p) === c.nodeId && !removed.has(p.id) && (isLive(p) || occupiesNode(p)))).toBe(false)
            bump(c.nodeId!)
          }
          for (const count of byNode.values()) expect(count).toBeLessThanOrEqual(1)
          for (const p of plan.keep) expect(at(p)).toBeDefined()
        },
      ),
      { numRuns: 1000 },
    )
  })
})
