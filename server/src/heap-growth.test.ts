import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { applyHeapGrowth, heapGrowthFromEnv, parseHeapGrowth } from './heap-growth'

describe('heap growth', () => {
  it('reads STARK_HEAP_GROWTH as a whole percent, and refuses anything else with a readable error', () => {
    expect(heapGrowthFromEnv({})).toBeUndefined()
    expect(heapGrowthFromEnv({ STARK_HEAP_GROWTH: '' })).toBeUndefined()
    expect(heapGrowthFromEnv({ STARK_HEAP_GROWTH: '25' })).toBe(25)
    expect(heapGrowthFromEnv({ STARK_HEAP_GROWTH: '0' })).toBe(0)
    for (const bad of ['-5', '12.5', 'lots', '301', '0x20'])
      expect(() => heapGrowthFromEnv({ STARK_HEAP_GROWTH: bad })).toThrow(
        `STARK_HEAP_GROWTH must be a whole percent from 0 to 300 (got "${bad}")`,
      )
    expect(() => parseHeapGrowth('abc', '--heap-growth')).toThrow(/^--heap-growth must be/)
  })

  it('sets V8’s heap growing percent, and nothing for 0', () => {
    const set: string[] = []
    expect(applyHeapGrowth(50, (f) => set.push(f))).toBe('--heap-growing-percent=50')
    expect(applyHeapGrowth(0, (f) => set.push(f))).toBeUndefined()
    expect(set).toEqual(['--heap-growing-percent=50'])
  })

  it('the flag it sets is one this Node’s V8 knows (an unknown flag would be ignored without a word)', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })
    expect(options).toMatch(/^\s*--heap-growing-percent \(/m)
  })
})
