import { describe, expect, it } from 'vitest'
import { MAX_GROWTH_PER_MS, nextMemoryCheckMs, parseProcStats, readProcStats, residentReader } from './proc-stats'

describe('proc stats', () => {
  it('parses utime/stime after a command name with spaces and parentheses, and resident pages', () => {
    const stat =
      '4242 (node (pod) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 7 0 12345 1000000 9000 18446744073709551615'
    expect(parseProcStats(stat, '250000 10000 2000 1 0 30000 0')).toEqual({ rssBytes: 10000 * 4096, cpuMs: 3000 })
  })

  it('gives null for garbage and for a process that does not exist', () => {
    expect(parseProcStats('nonsense', 'x')).toBeNull()
    expect(readProcStats(2 ** 22 + 12345)).toBeNull()
  })
})

describe('the memory watchdog', () => {
  const MB = 1024 * 1024
  it('reads a live process’s resident size again and again through one open file, null once it is gone', () => {
    const own = residentReader(process.pid)
    const first = own.read()
    expect(first).toBeGreaterThan(10 * MB)
    expect(own.read()).toBeGreaterThan(10 * MB)
    own.close()
    expect(own.read()).toBeNull()
    expect(residentReader(2 ** 22 + 12345).read()).toBeNull()
  })

  it('looks again before the limit could be crossed at the planned growth rate, plus at most 100 ms', () => {
    const limit = 256 * MB
    for (const rss of [0, 40 * MB, 128 * MB, 250 * MB, 256 * MB, 400 * MB]) {
      const next = nextMemoryCheckMs(rss, limit, 1000)
      const earliestCrossing = Math.max(0, limit - rss) / MAX_GROWTH_PER_MS
      expect(next).toBeLessThanOrEqual(earliestCrossing + 100)
      expect(next).toBeGreaterThan(0)
    }
    expect(nextMemoryCheckMs(250 * MB, limit, 1000)).toBeLessThanOrEqual(102)
    expect(nextMemoryCheckMs(0, 64 * 1024 * MB, 1000)).toBe(1000)
  })
})
