import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPendingQueue, type QueueKey } from './pending-queue'

describe('pending queue', () => {
  it('takes the highest priority first, then the oldest, then by id', () => {
    const q = createPendingQueue()
    q.add({ id: 'c', priority: 0, createdAt: 1 })
    q.add({ id: 'b', priority: 5, createdAt: 3 })
    q.add({ id: 'a', priority: 5, createdAt: 2 })
    q.add({ id: 'd', priority: 0, createdAt: 1 })
    expect(q.take(3)).toEqual(['a', 'b', 'c'])
    expect(q.take(3)).toEqual(['d'])
    expect(q.size).toBe(0)
  })

  it('ignores duplicates, forgets deleted ids, re-sorts a changed priority', () => {
    const q = createPendingQueue()
    q.add({ id: 'a', priority: 1, createdAt: 1 })
    q.add({ id: 'a', priority: 1, createdAt: 1 })
    q.add({ id: 'b', priority: 2, createdAt: 1 })
    q.delete('b')
    q.add({ id: 'c', priority: 0, createdAt: 0 })
    q.add({ id: 'c', priority: 9, createdAt: 0 })
    expect(q.size).toBe(2)
    expect(q.take(10)).toEqual(['c', 'a'])
  })

  it('matches a sort of the live keys whatever the sequence of adds and deletes', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        id: fc.integer({ min: 0, max: 40 }),
        priority: fc.integer({ min: 0, max: 3 }),
        createdAt: fc.integer({ min: 0, max: 5 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 40 }) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const q = createPendingQueue()
        const model = new Map<string, QueueKey>()
        for (const o of ops) {
          const id = `p${o.id}`
          if (o.kind === 'add') {
            q.add({ id, priority: o.priority, createdAt: o.createdAt })
            model.set(id, { id, priority: o.priority, createdAt: o.createdAt })
          } else {
            q.delete(id)
            model.delete(id)
          }
        }
        const want = [...model.values()]
          .sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
          .map((k) => k.id)
        expect(q.take(want.length + 5)).toEqual(want)
      }),
      { numRuns: 200 },
    )
  })
})
