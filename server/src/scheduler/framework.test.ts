import { addRequest, seededRng } from '@stark/shared'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { feasibleNodesToFind, schedule } from './framework'
import { normalizeScores } from './normalize'
import { defaultPlugins } from './registry'
import { makeNode, makePod, makeSnapshot } from './testing/fixtures'

const plugins = defaultPlugins()

describe('schedule', () => {
  it('spreads: picks the least allocated node and reports the scores', () => {
    const snap = makeSnapshot([
      makeNode('busy').used(3000, 6000).info(),
      makeNode('idle').info(),
      makeNode('half').used(2000, 4000).info(),
    ])
    const r = schedule(makePod().build(), snap, { plugins, rng: seededRng(1) })
    expect(r).toMatchObject({ ok: true, nodeId: 'id-idle', feasible: 3, evaluated: 3 })
    if (r.ok) expect(r.scores.LeastAllocated).toBeGreaterThan(90)
  })

  it('explains a refusal with counted reasons, most frequent first', () => {
    const snap = makeSnapshot([
      makeNode('a').status('NotReady').info(),
      makeNode('b').memory(100).info(),
      makeNode('c').memory(100).info(),
      makeNode('d').cordoned().info(),
      makeNode('e').runtime('browser').info(),
    ])
    const r = schedule(makePod().packRuntime('node').requests(100, 512).build(), snap, { plugins, rng: seededRng(1) })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.diagnosis.message).toBe(
        '0/5 nodes available: 2 insufficient memory, 1 node(s) cordoned, 1 node(s) not ready, 1 node(s) of the wrong runtime (pack needs node).',
      )
      expect(r.diagnosis.resolvableNodeIds.sort()).toEqual(['id-b', 'id-c'])
    }
  })

  it('names every insufficient resource: a node short of cpu and memory counts under both', () => {
    const snap = makeSnapshot([
      makeNode('a').cpu(1000).memory(256).info(),
      makeNode('b').cpu(1000).memory(256).info(),
      makeNode('c').memory(256).info(),
    ])
    const r = schedule(makePod().requests(2000, 512).build(), snap, { plugins, rng: seededRng(1) })
    expect(r).toMatchObject({
      ok: false,
      diagnosis: { message: '0/3 nodes available: 3 insufficient memory, 2 insufficient cpu.' },
    })
    if (!r.ok) expect(r.diagnosis.resolvableNodeIds.sort()).toEqual(['id-a', 'id-b', 'id-c'])
    const both = schedule(
      makePod().requests(2000, 512).build(),
      makeSnapshot([makeNode('x').cpu(1000).memory(256).info(), makeNode('y').cpu(1000).memory(256).info()]),
      { plugins, rng: seededRng(1) },
    )
    expect(both).toMatchObject({
      ok: false,
      diagnosis: { message: '0/2 nodes available: 2 insufficient cpu, 2 insufficient memory.' },
    })
  })

  it('a node whose NoExecute taint the pod tolerates only for a while is a last resort', () => {
    const limited = { key: 'maint', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 60 }
    for (let seed = 1; seed <= 20; seed++) {
      // The tainted node is idle and would win on every score; the busy one fits, so it is chosen.
      const snap = makeSnapshot([
        makeNode('tainted').taint('maint', 'true', 'NoExecute').info(),
        makeNode('busy').used(3500, 8000, 50).info(),
      ])
      expect(
        schedule(makePod().tolerate(limited).requests(100, 100).build(), snap, { plugins, rng: seededRng(seed) }),
      ).toMatchObject({ ok: true, nodeId: 'id-busy' })
    }
    // Alone, it is used.
    const alone = makeSnapshot([
      makeNode('tainted').taint('maint', 'true', 'NoExecute').info(),
      makeNode('full').used(4000, 8192).info(),
    ])
    expect(schedule(makePod().tolerate(limited).requests(100, 100).build(), alone, { plugins, rng: seededRng(1) })).toMatchObject(
      { ok: true, nodeId: 'id-tainted' },
    )
    // Tolerated for ever: an ordinary node.
    const forever = makeSnapshot([
      makeNode('tainted').taint('maint', 'true', 'NoExecute').info(),
      makeNode('busy').used(3500, 8000, 50).info(),
    ])
    expect(
      schedule(
        makePod().tolerate({ key: 'maint', operator: 'Exists', effect: 'NoExecute' }).requests(100, 100).build(),
        forever,
        { plugins, rng: seededRng(1) },
      ),
    ).toMatchObject({ ok: true, nodeId: 'id-tainted' })
  })

  it('names the untolerated taints, as the issue shows', () => {
    const snap = makeSnapshot([
      ...Array.from({ length: 3 }, (_, i) => makeNode(`gpu${i}`).taint('gpu', 'true', 'NoSchedule').info()),
      ...Array.from({ length: 2 }, (_, i) => makeNode(`small${i}`).memory(256).info()),
    ])
    const r = schedule(makePod().requests(100, 512).build(), snap, { plugins, rng: seededRng(1) })
    expect(r).toMatchObject({
      ok: false,
      diagnosis: { message: '0/5 nodes available: 3 untolerated taint {gpu: true}, 2 insufficient memory.' },
    })
  })

  it('a preferred affinity term and an untolerated PreferNoSchedule taint steer the choice', () => {
    const nodes = [
      makeNode('plain').info(),
      makeNode('ssd').label('disk', 'ssd').info(),
      makeNode('spot').label('disk', 'ssd').taint('spot', 'true', 'PreferNoSchedule').info(),
    ]
    const pod = makePod().affinity({
      preferred: [{ weight: 10, matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
    })
    const r = schedule(pod.build(), makeSnapshot(nodes), { plugins, rng: seededRng(3) })
    expect(r).toMatchObject({ ok: true, nodeId: 'id-ssd', scores: { NodeAffinity: 100, TaintToleration: 100 } })
    // Without the preference the tainted node still loses.
    for (let seed = 0; seed < 10; seed++) {
      const plain = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(seed) })
      expect(plain.ok && plain.nodeId).not.toBe('id-spot')
    }
  })

  it('bin-packs with the binpack profile and spreads by default', () => {
    const nodes = [makeNode('busy').used(3000, 6000, 5).info(), makeNode('idle').info()]
    const binpack = schedule(makePod().build(), makeSnapshot(nodes), {
      plugins: defaultPlugins({ name: 'binpack' }),
      rng: seededRng(1),
    })
    expect(binpack).toMatchObject({ ok: true, nodeId: 'id-busy' })
    expect(binpack.ok && binpack.scores.MostAllocated).toBeGreaterThan(70)
    expect(schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(1) })).toMatchObject({
      ok: true,
      nodeId: 'id-idle',
    })
  })

  it('never places beyond allocatable, whatever the cluster and the pods (property)', () => {
    const arbNode = fc.record({
      cpu: fc.integer({ min: 0, max: 4000 }),
      memory: fc.integer({ min: 0, max: 4096 }),
      pods: fc.integer({ min: 0, max: 8 }),
    })
    const arbPod = fc.record({ cpu: fc.integer({ min: 0, max: 2000 }), memory: fc.integer({ min: 0, max: 2048 }) })
    fc.assert(
      fc.property(
        fc.array(arbNode, { minLength: 1, maxLength: 8 }),
        fc.array(arbPod, { maxLength: 40 }),
        fc.integer(),
        (nodeSpecs, podSpecs, seed) => {
          const infos = nodeSpecs.map((n, i) => makeNode(`n${i}`).cpu(n.cpu).memory(n.memory).maxPods(n.pods).info())
          const snap = makeSnapshot(infos)
          const rng = seededRng(seed)
          for (const p of podSpecs) {
            const r = schedule(makePod().requests(p.cpu, p.memory).build(), snap, { plugins, rng })
            if (!r.ok) continue
            const info = snap.get(r.nodeId)!
            info.allocated = addRequest(info.allocated, p)
          }
          for (const info of infos) {
            const a = info.node.allocatable
            expect(info.allocated.cpu).toBeLessThanOrEqual(a.cpu)
            expect(info.allocated.memory).toBeLessThanOrEqual(a.memory)
            expect(info.allocated.pods).toBeLessThanOrEqual(a.pods)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('says so when there are no nodes', () => {
    const r = schedule(makePod().build(), makeSnapshot([]), { plugins, rng: seededRng(1) })
    expect(r).toMatchObject({ ok: false, diagnosis: { message: '0/0 nodes available: no nodes registered.' } })
  })

  it('breaks ties with the injected rng (deterministic per seed, not always the first)', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => makeNode(`n${i}`).info())
    const picks = new Set(
      Array.from({ length: 20 }, (_, s) => {
        const r = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(s) })
        return r.ok ? r.nodeId : ''
      }),
    )
    expect(picks.size).toBeGreaterThan(3)
    const a = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(7) })
    const b = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(7) })
    expect(a).toEqual(b)
  })

  it('searches a bounded share of a large cluster, starting at the given offset', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${String(i).padStart(4, '0')}`).info())
    const r = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(1), startIndex: 500 })
    expect(r.ok && r.evaluated).toBe(feasibleNodesToFind(1000))
    expect(feasibleNodesToFind(50)).toBe(50)
    expect(feasibleNodesToFind(5000)).toBe(500)
    expect(feasibleNodesToFind(100_000)).toBe(5000)
  })
})

describe('normalizeScores', () => {
  it('scales, reverses and clamps', () => {
    expect(normalizeScores([0, 5, 10], 'max')).toEqual([0, 50, 100])
    expect(normalizeScores([0, 5, 10], 'reverse')).toEqual([100, 50, 0])
    expect(normalizeScores([0, 0], 'reverse')).toEqual([100, 100])
    expect(normalizeScores([-5, 150], 'none')).toEqual([0, 100])
  })
})
