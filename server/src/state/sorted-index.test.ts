import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSortedIndex } from './sorted-index'

/** An index over a plain map of id → key (the record is its key, to check what comes back). */
function indexed(initial: Record<string, string> = {}) {
  const index = createSortedIndex<string>()
  const put = (id: string, key: string) => index.put(id, key, key)
  const remove = (id: string) => index.remove(id)
  for (const [id, key] of Object.entries(initial)) put(id, key)
  const keys = (after?: string, prefix?: string) => [...index.after(after, prefix)].map((e) => e.key)
  return { index, put, remove, keys }
}

describe('sorted index', () => {
  it('gives the records in key order, whatever order they were put in', () => {
    const s = indexed({ a: 'default/web-2', b: 'default/api', c: 'team/x', d: 'default/web-10' })
    expect(s.keys()).toEqual(['default/api', 'default/web-10', 'default/web-2', 'team/x'])
    expect([...s.index.after()].map((e) => e.item)).toEqual(['default/api', 'default/web-10', 'default/web-2', 'team/x'])
    expect(s.index.size).toBe(4)
  })

  it('starts after a key (present or not) and stops at the end of a prefix', () => {
    const s = indexed({ a: 'default/a', b: 'default/b', c: 'defaults/c', d: 'team/d' })
    expect(s.keys('default/a')).toEqual(['default/b', 'defaults/c', 'team/d'])
    expect(s.keys('default/aa')).toEqual(['default/b', 'defaults/c', 'team/d'])
    expect(s.keys(undefined, 'default/')).toEqual(['default/a', 'default/b'])
    expect(s.keys('default/a', 'default/')).toEqual(['default/b'])
    expect(s.keys('a', 'team/')).toEqual(['team/d'])
    expect(s.keys('zzz')).toEqual([])
  })

  it('follows updates: a new key moves the record, the same key leaves it, a removed one is gone', () => {
    const s = indexed({ a: 'k1', b: 'k2', c: 'k3' })
    expect(s.keys()).toEqual(['k1', 'k2', 'k3'])
    s.put('a', 'k9')
    s.put('b', 'k2')
    s.remove('c')
    expect(s.keys()).toEqual(['k2', 'k9'])
    expect(s.index.size).toBe(2)
    // Removed and put again under its old key: once, not twice.
    s.remove('b')
    s.put('b', 'k2')
    s.put('a', 'k1')
    s.put('a', 'k9')
    expect(s.keys()).toEqual(['k2', 'k9'])
  })

  it('a record replaced under the same key is read as it is now', () => {
    const index = createSortedIndex<{ status: string }>()
    index.put('a', 'k', { status: 'Pending' })
    expect([...index.after()].map((e) => e.item.status)).toEqual(['Pending'])
    index.put('a', 'k', { status: 'Running' })
    expect([...index.after()].map((e) => e.item.status)).toEqual(['Running'])
  })

  it('a cursor keeps its place across changes: what is added after it comes, what is removed does not', () => {
    const s = indexed(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`id${i}`, `k${i}`])))
    const first = s.keys().slice(0, 4)
    expect(first).toEqual(['k0', 'k1', 'k2', 'k3'])
    s.put('new-before', 'k05') // sorts before the cursor: not on the next pages
    s.put('new-after', 'k55')
    s.remove('id7')
    expect(s.keys(first.at(-1))).toEqual(['k4', 'k5', 'k55', 'k6', 'k8', 'k9'])
  })

  it('a walk under way is not disturbed by writes between its reads', () => {
    const s = indexed({ a: 'k1', b: 'k2', c: 'k3', d: 'k4' })
    const walk = s.index.after()
    expect(walk.next().value?.key).toBe('k1')
    s.put('e', 'k0')
    s.remove('c')
    expect([...walk].map((e) => e.key)).toEqual(['k2', 'k4'])
    expect(s.keys()).toEqual(['k0', 'k1', 'k2', 'k4'])
  })

  it('matches a sorted copy after any sequence of puts, removes and reads', () => {
    const op = fc.oneof(
      fc.record({ put: fc.integer({ min: 0, max: 15 }), key: fc.string({ maxLength: 3 }) }),
      fc.record({ remove: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ read: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const s = indexed()
        const model = new Map<string, string>()
        const expected = (after?: string) =>
          [...model]
            .sort(([i1, k1], [i2, k2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : i1 < i2 ? -1 : 1))
            .map(([, k]) => k)
            .filter((k) => after === undefined || k > after)
        for (const o of ops) {
          if ('put' in o) {
            s.put(`id${o.put}`, o.key)
            model.set(`id${o.put}`, o.key)
          } else if ('remove' in o) {
            s.remove(`id${o.remove}`)
            model.delete(`id${o.remove}`)
          } else expect(s.keys(o.read)).toEqual(expected(o.read))
        }
        expect(s.keys()).toEqual(expected())
        expect(s.index.size).toBe(model.size)
      }),
    )
  })
})
