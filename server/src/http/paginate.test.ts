import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSortedIndex } from '../state/sorted-index'
import { paginate, paginateSorted, sortedBy } from './paginate'

/** Walks every page from the start. */
function walk(items: string[], limit: number, shows?: (s: string) => boolean) {
  const out: string[][] = []
  let cursor: string | undefined
  for (;;) {
    const page = paginate(items, (s) => s, { limit, cursor }, shows)
    out.push(page.items)
    if (!page.nextCursor) return out
    cursor = page.nextCursor
  }
}

describe('paginate', () => {
  it('pages through every item once, in key order, whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (items, limit) => {
          const pages = walk(items, limit)
          expect(pages.flat()).toEqual(sortedBy(items, (s) => s))
          for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit)
          expect(pages.at(-1)!.length).toBeLessThanOrEqual(limit)
        },
      ),
    )
  })

  it('filters before paging: full pages of what shows, and no next page after the last one', () => {
    const items = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`).reverse()
    const even = (s: string) => Number(s.slice(1)) % 2 === 0
    expect(walk(items, 4, even)).toEqual([
      ['k00', 'k02', 'k04', 'k06'],
      ['k08', 'k10', 'k12', 'k14'],
      ['k16', 'k18'],
    ])
    expect(paginate(items, (s) => s, { limit: 10 }, even).nextCursor).toBeNull()
  })
})

describe('paginateSorted', () => {
  const indexOf = (keys: string[]) => {
    const index = createSortedIndex<string>()
    for (const k of keys) index.put(k, k, k)
    return index
  }
  const walkSorted = (keys: string[], limit: number, shows?: (s: string) => boolean, prefix?: string) => {
    const index = indexOf(keys)
    const out: string[][] = []
    let cursor: string | undefined
    for (;;) {
      const page = paginateSorted(index, { limit, cursor }, shows, prefix)
      out.push(page.items)
      if (!page.nextCursor) return out
      cursor = page.nextCursor
    }
  }

  it('pages as paginate does: every item once, in key order, the same cursors', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (items, limit) => {
          expect(walkSorted(items, limit)).toEqual(walk(items, limit))
          const first = paginate(items, (s) => s, { limit })
          expect(paginateSorted(indexOf(items), { limit }).nextCursor).toBe(first.nextCursor)
        },
      ),
    )
  })

  it('filters before paging (what a caller may not see never takes a place on a page), within a prefix', () => {
    const items = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'b' : 'a'}/k${String(i).padStart(2, '0')}`)
    const mine = (s: string) => Number(s.slice(3)) % 4 < 2
    expect(walkSorted(items, 3, mine, 'a/')).toEqual([
      ['a/k00', 'a/k04', 'a/k08'],
      ['a/k12', 'a/k16'],
    ])
    expect(walkSorted(items, 4, mine)).toEqual([
      ['a/k00', 'a/k04', 'a/k08', 'a/k12'],
      ['a/k16', 'b/k01', 'b/k05', 'b/k09'],
      ['b/k13', 'b/k17'],
    ])
    expect(paginateSorted(indexOf(items), { limit: 10 }, mine).nextCursor).toBeNull()
  })
})
