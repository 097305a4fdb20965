import { describe, expect, it } from 'vitest'
import { parseProcStats, readProcStats } from './proc-stats'

describe('proc stats', () => {
  it('parses utime/stime after a command name with spaces and parentheses, and resident pages', () => {
    const stat = '4242 (node (pod) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 7 0 12345 1000000 9000 18446744073709551615'
    expect(parseProcStats(stat, '250000 10000 2000 1 0 30000 0')).toEqual({ rssBytes: 10000 * 4096, cpuMs: 3000 })
  })

  it('gives null for garbage and for a process that does not exist', () => {
    expect(parseProcStats('nonsense', 'x')).toBeNull()
    expect(readProcStats(2 ** 22 + 12345)).toBeNull()
  })
})
