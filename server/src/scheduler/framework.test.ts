import { seededRng } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import { feasibleNodesToFind, schedule } from './framework'
import { normalizeScores } from './normalize'
import { defaultPlugins } from './registry'
import { makeNode, makePod, makeSnapshot } from './testing/fixtures'

const plugins = defaultPlugins()

describe('schedule', () => {
  it('spreads: picks the least allocated node and reports the scores', () => {
    const snap = makeSnapshot([makeNode('busy').used(3000, 6000).info(), makeNode('idle').info(), makeNode('half').used(2000, 4000).info()])
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

  it('says so when there are no nodes', () => {
    const r = schedule(makePod().build(), makeSnapshot([]), { plugins, rng: seededRng(1) })
    expect(r).toMatchObject({ ok: false, diagnosis: { message: '0/0 nodes available: no nodes registered.' } })
  })

  it('breaks ties with the injected rng (deterministic per seed, not always the first)', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => makeNode(`n${i}`).info())
    const picks = new Set(Array.from({ length: 20 }, (_, s) => {
      const r = schedule(makePod().build(), makeSnapshot(nodes), { plugins, rng: seededRng(s) })
      return r.ok ? r.nodeId : ''
    }))
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

  it('rejects an unknown plugin or a negative weight in the profile', () => {
    expect(() => defaultPlugins({ weights: { Nope: 1 } })).toThrow(/unknown plugin/)
    expect(() => defaultPlugins({ weights: { LeastAllocated: -1 } })).toThrow(/≥ 0/)
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
