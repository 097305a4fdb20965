/** The mass-outage guard: when it starts, and every way it ends (it never latches). Pure. */
import { describe, expect, it } from 'vitest'
import { makeNode } from '../scheduler/testing/fixtures'
import type { NodeRecord } from '../store/records'
import { createMassOutageGuard } from './mass-outage'

const o = { ratio: 0.5, windowMs: 10_500, stableMs: 30_000, maxMs: 120_000 }

function cluster(names: string[]) {
  const nodes = new Map<string, NodeRecord>()
  const since = new Map<string, number>()
  for (const n of names) {
    const r = makeNode(n).record()
    nodes.set(r.id, r)
  }
  const set = (name: string, status: NodeRecord['status'], at: number, statusReason: string | null = null) => {
    const n = [...nodes.values()].find((x) => x.name === name)!
    nodes.set(n.id, { ...n, status, statusReason })
    if (status === 'Ready') since.delete(n.id)
    else if (!since.has(n.id)) since.set(n.id, at)
  }
  const input = (now: number, ignored: (id: string) => boolean = () => false) => ({
    now,
    nodes,
    notReadySince: (id: string) => since.get(id),
    ignored,
  })
  return { nodes, set, input }
}

describe('mass-outage guard', () => {
  it('starts when more than half of the nodes drop within the window, naming them', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    const change = g.update(c.input(2000))
    expect(change).toMatchObject({
      kind: 'started',
      outage: { nodesDown: ['a', 'b', 'c'], nodes: ['a', 'b', 'c', 'd'], since: 2000, until: 122_000 },
    })
    expect(g.active).toBe(true)
  })

  it('never counts nodes that left on purpose', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b']) c.set(n, 'Offline', 1000, 'Left')
    c.set('c', 'NotReady', 1000, 'Disconnected')
    expect(g.update(c.input(2000))).toBeUndefined()
    expect(g.active).toBe(false)
  })

  it('does not count nodes still in their start-up grace', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 0, 'ServerRestarted')
    expect(g.update(c.input(100, () => true))).toBeUndefined()
  })

  it('ends when the nodes still up have been stable for the grace period', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    g.noteDrop(1000)
    g.update(c.input(2000))
    expect(g.update(c.input(31_999))).toBeUndefined()
    expect(g.update(c.input(32_000))).toMatchObject({ kind: 'ended', reason: 'NodesStable' })
    // The same drop does not start it again.
    expect(g.update(c.input(33_000))).toBeUndefined()
  })

  it('a new drop restarts the stability count', () => {
    const c = cluster(['a', 'b', 'c', 'd', 'e'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    g.update(c.input(2000))
    c.set('d', 'NotReady', 20_000)
    g.noteDrop(20_000)
    expect(g.update(c.input(45_000))).toBeUndefined()
    expect(g.update(c.input(50_000))).toMatchObject({ kind: 'ended', reason: 'NodesStable' })
  })

  it('ends after the time limit even when no node is up', () => {
    const c = cluster(['a', 'b', 'c'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    g.update(c.input(2000))
    expect(g.update(c.input(100_000))).toBeUndefined()
    expect(g.update(c.input(122_000))).toMatchObject({ kind: 'ended', reason: 'TimeLimit' })
    expect(g.update(c.input(123_000))).toBeUndefined()
  })

  it('ends when the nodes it caught are back, or when they left or were deleted', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    g.update(c.input(2000))
    c.set('a', 'Ready', 3000)
    c.set('b', 'Ready', 3000)
    expect(g.update(c.input(3000))).toMatchObject({ kind: 'ended', reason: 'NodesRecovered' })

    const d = cluster(['a', 'b', 'c', 'd'])
    const h = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) d.set(n, 'NotReady', 1000)
    h.update(d.input(2000))
    d.set('a', 'Offline', 3000, 'Left')
    d.nodes.delete([...d.nodes.values()].find((n) => n.name === 'b')!.id)
    expect(h.update(d.input(3000))).toMatchObject({ kind: 'ended', reason: 'NodesRecovered' })
  })

  it('ends when an admin resumes evictions, and the same drop does not start it again', () => {
    const c = cluster(['a', 'b', 'c', 'd'])
    const g = createMassOutageGuard(o)
    for (const n of ['a', 'b', 'c']) c.set(n, 'NotReady', 1000)
    g.update(c.input(2000))
    expect(g.resume(c.nodes, 2500)).toMatchObject({ kind: 'ended', reason: 'ResumedByAdmin' })
    expect(g.update(c.input(3000))).toBeUndefined()
    expect(g.resume(c.nodes, 3000)).toBeUndefined()
  })
})
