import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createByteLru } from './byte-lru'

describe('byte-bounded LRU', () => {
  it('drops the least recently used entries once the budget is passed, never the one just used', () => {
    const lru = createByteLru(100)
    expect(lru.use('a', 40)).toEqual([])
    expect(lru.use('b', 40)).toEqual([])
    expect(lru.use('a', 40)).toEqual([]) // a is now the most recent
    expect(lru.use('c', 40)).toEqual(['b'])
    expect(lru.bytes()).toBe(80)
    // One entry over the whole budget is kept alone (it is in use).
    expect(lru.use('huge', 500)).toEqual(['a', 'c'])
    expect(lru.has('huge')).toBe(true)
    expect(lru.use('d', 1)).toEqual(['huge'])
    lru.forget('d')
    expect(lru.bytes()).toBe(0)
  })

  it('never holds more than the budget after a use, unless one entry alone is larger', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 0, max: 60 }))), (uses) => {
        const lru = createByteLru(100)
        const held = new Map<string, number>()
        for (const [key, bytes] of uses) {
          held.set(key, bytes)
          for (const k of lru.use(key, bytes)) held.delete(k)
          const total = [...held.values()].reduce((s, b) => s + b, 0)
          expect(lru.bytes()).toBe(total)
          expect(total <= 100 || held.size === 1).toBe(true)
          expect(lru.has(key)).toBe(true)
        }
      }),
    )
  })
})
