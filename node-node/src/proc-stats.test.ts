import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import {
  LINUX_DEFAULTS,
  MAX_GROWTH_PER_MS,
  nextMemoryCheckMs,
  parseProcStats,
  parsePss,
  readProcFacts,
  readProcStats,
  readPssBytes,
  readThreadCpuMs,
  residentReader,
} from './proc-stats'

const facts = readProcFacts()

describe('proc stats', () => {
  it('parses utime/stime after a command name with spaces and parentheses, and resident pages, in the given units', () => {
    const stat =
      '4242 (node (pod) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 7 0 12345 1000000 9000 18446744073709551615'
    expect(parseProcStats(stat, '250000 10000 2000 1 0 30000 0', LINUX_DEFAULTS)).toEqual({
      rssBytes: 10000 * 4096,
      privateBytes: 8000 * 4096,
      cpuMs: 3000,
    })
    // A 64 KiB-page machine with 1000 ticks a second (as on some arm64 and ppc64 kernels).
    expect(parseProcStats(stat, '250000 10000 2000 1 0 30000 0', { pageSize: 65536, ticksPerSecond: 1000 })).toEqual({
      rssBytes: 10000 * 65536,
      privateBytes: 8000 * 65536,
      cpuMs: 300,
    })
  })

  it('gives null for garbage and for a process that does not exist', () => {
    expect(parseProcStats('nonsense', 'x', facts)).toBeNull()
    expect(readProcStats(2 ** 22 + 12345, facts)).toBeNull()
    expect(readPssBytes(2 ** 22 + 12345)).toBeNull()
    expect(readThreadCpuMs(process.pid, 2 ** 22 + 12345, facts)).toBeNull()
    expect(parsePss('Rss: 12 kB')).toBeNull()
  })

  it('asks getconf for the page size and clock tick, and falls back to Linux defaults when it cannot answer', () => {
    expect(readProcFacts((name) => (name === 'PAGESIZE' ? '16384\n' : '250\n'))).toEqual({ pageSize: 16384, ticksPerSecond: 250 })
    expect(
      readProcFacts(() => {
        throw new Error('no getconf')
      }),
    ).toEqual(LINUX_DEFAULTS)
    expect(readProcFacts(() => 'undefined\n')).toEqual(LINUX_DEFAULTS)
    // This machine's own answer matches what the kernel counts in.
    const statm = readFileSync('/proc/self/statm', 'utf8').split(' ')
    expect(Number(statm[1]) * facts.pageSize).toBeGreaterThan(10 * 1024 * 1024)
  })

  it("reads a live process's PSS and private memory (each no more than its RSS) and one thread's CPU time", () => {
    const pss = readPssBytes(process.pid)
    const { rssBytes: rss, privateBytes } = readProcStats(process.pid, facts)!
    expect(pss).toBeGreaterThan(1024 * 1024)
    expect(pss!).toBeLessThanOrEqual(rss + 1024 * 1024)
    // This process's own heap is private; Node's code (file-backed) is not.
    expect(privateBytes).toBeGreaterThan(process.memoryUsage().heapUsed / 2)
    expect(privateBytes).toBeLessThan(rss)
    const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0])
    const before = readThreadCpuMs(process.pid, tid, facts)!
    expect(before).toBeGreaterThan(0)
    // Burn CPU on this thread until the kernel has counted a tick of it (bounded by wall time).
    const until = performance.now() + 30_000
    let now = before
    while (now === before && performance.now() < until) {
      for (let i = 0; i < 1e6; i++) Math.sqrt(i)
      now = readThreadCpuMs(process.pid, tid, facts)!
    }
    expect(now).toBeGreaterThan(before)
  })
})

describe('the memory watchdog', () => {
  const MB = 1024 * 1024
  it('reads a live process’s resident size again and again through one open file, null once it is gone', () => {
    const own = residentReader(process.pid, facts)
    const first = own.read()
    expect(first).toBeGreaterThan(10 * MB)
    expect(own.read()).toBeGreaterThan(10 * MB)
    own.close()
    expect(own.read()).toBeNull()
    expect(residentReader(2 ** 22 + 12345, facts).read()).toBeNull()
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
