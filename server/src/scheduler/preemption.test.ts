import { addRequest, seededRng, ZERO } from '@stark/shared'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import { runFilters, schedule } from './framework'
import { findPreemption } from './preemption'
import { defaultPlugins } from './registry'
import { makeNode, makePod, makeSnapshot } from './testing/fixtures'
import type { NodeInfo, PodToSchedule } from './types'

const plugins = defaultPlugins()

const running = (name: string, priority: number, cpu: number, nodeId: string) =>
  makePod(name).priority(priority).requests(cpu, 64).boundTo(nodeId).record()

function diagnose(pod: PodToSchedule, nodes: NodeInfo[]) {
  const r = schedule(pod, makeSnapshot(nodes), { plugins, rng: seededRng(1) })
  if (r.ok) throw new Error('expected no fit')
  return r.diagnosis
}

describe('findPreemption', () => {
  it('evicts the fewest, lowest-priority pods, on the node where that suffices', () => {
    const a = makeNode('a').cpu(1000)
    a.withPod(running('a-low', 1, 500, 'id-a')).withPod(running('a-mid', 5, 500, 'id-a'))
    const b = makeNode('b').cpu(1000)
    b.withPod(running('b-low1', 1, 250, 'id-b'))
      .withPod(running('b-low2', 1, 250, 'id-b'))
      .withPod(running('b-high', 9, 500, 'id-b'))
    const nodes = [a.info(), b.info()]
    const pod = makePod('urgent').priority(10).requests(500, 64).build()
    const plan = findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)
    // a: one victim of priority 1; b: two victims of priority 1 → a wins on the count.
    expect(plan).toEqual({ nodeId: 'id-a', victims: [expect.objectContaining({ name: 'a-low' })] })
  })

  it('prefers victims of lower priority over fewer victims', () => {
    const a = makeNode('a')
      .cpu(1000)
      .withPod(running('a-mid', 5, 1000, 'id-a'))
    const b = makeNode('b')
      .cpu(1000)
      .withPod(running('b-1', 1, 500, 'id-b'))
      .withPod(running('b-2', 2, 500, 'id-b'))
    const nodes = [a.info(), b.info()]
    const pod = makePod().priority(10).requests(1000, 64).build()
    const plan = findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)
    expect(plan?.nodeId).toBe('id-b')
    expect(plan?.victims.map((v) => v.name)).toEqual(['b-1', 'b-2'])
  })

  it('never evicts pods of equal or higher priority', () => {
    const a = makeNode('a')
      .cpu(1000)
      .withPod(running('same', 10, 1000, 'id-a'))
    const b = makeNode('b')
      .cpu(1000)
      .withPod(running('higher', 11, 1000, 'id-b'))
    const nodes = [a.info(), b.info()]
    const pod = makePod().priority(10).requests(500, 64).build()
    expect(findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)).toBeUndefined()
  })

  it('keeps the pods it does not need to evict', () => {
    const a = makeNode('a').cpu(1000)
    for (let i = 0; i < 4; i++) a.withPod(running(`p${i}`, i, 250, 'id-a'))
    const nodes = [a.info()]
    const pod = makePod().priority(100).requests(500, 64).build()
    const plan = findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)
    expect(plan?.victims.map((v) => v.name)).toEqual(['p0', 'p1'])
  })

  it('does not try nodes that eviction cannot help (taints, selectors, cordon)', () => {
    const tainted = makeNode('t')
      .cpu(1000)
      .taint('gpu', 'true', 'NoSchedule')
      .withPod(running('x', 0, 1000, 'id-t'))
    const cordoned = makeNode('c')
      .cpu(1000)
      .cordoned()
      .withPod(running('y', 0, 1000, 'id-c'))
    const nodes = [tainted.info(), cordoned.info()]
    const pod = makePod().priority(10).requests(500, 64).build()
    expect(findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)).toBeUndefined()
  })

  it('does not evict pods already stopping, and a priority-0 pod preempts nothing', () => {
    const a = makeNode('a')
      .cpu(1000)
      .withPod(makePod('leaving').priority(0).requests(1000, 64).boundTo('id-a', 'Stopping').record())
    const nodes = [a.info()]
    const pod = makePod().priority(10).requests(500, 64).build()
    expect(findPreemption(pod, makeSnapshot(nodes), diagnose(pod, nodes), plugins)).toBeUndefined()
    const b = makeNode('b')
      .cpu(1000)
      .withPod(running('z', 0, 1000, 'id-b'))
    const zero = makePod().priority(0).requests(500, 64).build()
    expect(findPreemption(zero, makeSnapshot([b.info()]), diagnose(zero, [b.info()]), plugins)).toBeUndefined()
  })
})

describe('preemption properties', () => {
  const arbNode = fc.record({
    cpu: fc.integer({ min: 500, max: 4000 }),
    pods: fc.array(fc.record({ priority: fc.integer({ min: 0, max: 1000 }), cpu: fc.integer({ min: 50, max: 1500 }) }), {
      maxLength: 8,
    }),
  })

  it('victims are strictly lower priority, make room, and none could have been spared', () => {
    fc.assert(
      fc.property(
        fc.array(arbNode, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 50, max: 3000 }),
        (specs, priority, cpu) => {
          const infos = specs.map((spec, i) => {
            const b = makeNode(`n${i}`).cpu(spec.cpu).memory(1_000_000)
            let used = 0
            spec.pods.forEach((p, j) => {
              if (used + p.cpu > spec.cpu) return
              used += p.cpu
              b.withPod(makePod(`n${i}-p${j}`).priority(p.priority).requests(p.cpu, 1).boundTo(`id-n${i}`).record())
            })
            return b.info()
          })
          const pod = makePod('preemptor').priority(priority).requests(cpu, 1).build()
          const snap = makeSnapshot(infos)
          const r = schedule(pod, snap, { plugins, rng: seededRng(1) })
          if (r.ok) return
          const plan = findPreemption(pod, snap, r.diagnosis, plugins)
          if (!plan) {
            // No node could have made room by evicting every lower-priority pod.
            for (const info of infos) {
              const keep = [...info.pods.values()].filter((p) => p.priority >= priority)
              expect(runFilters(pod, withPods(info, keep), plugins).ok).toBe(false)
            }
            return
          }
          for (const v of plan.victims) expect(v.priority).toBeLessThan(priority)
          const info = snap.get(plan.nodeId)!
          const victimIds = new Set(plan.victims.map((v) => v.id))
          const remaining = [...info.pods.values()].filter((p) => !victimIds.has(p.id))
          expect(runFilters(pod, withPods(info, remaining), plugins).ok).toBe(true)
          for (const v of plan.victims) expect(runFilters(pod, withPods(info, [...remaining, v]), plugins).ok).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })
})

function withPods(info: NodeInfo, pods: PodRecord[]): NodeInfo {
  let allocated = { ...ZERO }
  for (const p of pods) allocated = addRequest(allocated, p.spec.resources)
  return { node: info.node, allocated, pods: new Map(pods.map((p) => [p.id, p])) }
}
