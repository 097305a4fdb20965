/**
 * What a child process uses, read by the agent from /proc (Linux): resident and private memory and
 * CPU time, the proportional set size (what a process holds, shared pages divided among their
 * sharers) and one thread's CPU time. Measured from outside, so a pack cannot misreport it. Null where /proc is
 * not available. Pages and clock ticks are converted with this machine's own sizes (ProcFacts).
 */
import { execFileSync } from 'node:child_process'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'

export interface ProcStats {
  /** Resident set size, bytes. */
  rssBytes: number
  /**
   * Resident memory of its own (anonymous: heap, stacks, buffers), bytes: the resident size less
   * the pages backed by files or shared memory (Node's code, which every pod process shares).
   */
  privateBytes: number
  /** User + system CPU time, milliseconds. */
  cpuMs: number
}

/** The units /proc counts in on this machine. */
export interface ProcFacts {
  /** Bytes per page (statm counts pages). */
  pageSize: number
  /** Clock ticks per second (stat counts CPU time in ticks). */
  ticksPerSecond: number
}

/** What Linux uses nearly everywhere, for where getconf cannot say. */
export const LINUX_DEFAULTS: ProcFacts = { pageSize: 4096, ticksPerSecond: 100 }

/** Asks getconf for the page size and clock tick (once, at start); Linux's usual values where it cannot answer. */
export function readProcFacts(getconf = (name: string) => execFileSync('getconf', [name], { encoding: 'utf8' })): ProcFacts {
  const ask = (name: string, fallback: number) => {
    try {
      const n = Number(getconf(name).trim())
      return Number.isInteger(n) && n > 0 ? n : fallback
    } catch {
      return fallback
    }
  }
  return { pageSize: ask('PAGESIZE', LINUX_DEFAULTS.pageSize), ticksPerSecond: ask('CLK_TCK', LINUX_DEFAULTS.ticksPerSecond) }
}

/**
 * The fields of a /proc/…/stat line from its third on (state, ppid, …: field N is at index N − 3),
 * or null when the line has no command. The command (field 2) is in parentheses and may contain
 * spaces and parentheses: the fields start after its last ')'.
 */
export function statFields(stat: string): string[] | null {
  const end = stat.lastIndexOf(')')
  return end < 0 ? null : stat.slice(end + 2).split(' ')
}

/** User + system CPU time (ms) from a /proc/…/stat line. */
function cpuMsOf(stat: string, facts: ProcFacts): number | null {
  const rest = statFields(stat)
  const utime = Number(rest?.[11])
  const stime = Number(rest?.[12])
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null
  return ((utime + stime) * 1000) / facts.ticksPerSecond
}

/** Parses /proc/<pid>/stat and /proc/<pid>/statm contents. */
export function parseProcStats(stat: string, statm: string, facts: ProcFacts): ProcStats | null {
  const cpuMs = cpuMsOf(stat, facts)
  const [, resident, shared] = statm.split(' ').map(Number)
  if (cpuMs === null || !Number.isFinite(resident) || !Number.isFinite(shared)) return null
  return { rssBytes: resident! * facts.pageSize, privateBytes: Math.max(0, resident! - shared!) * facts.pageSize, cpuMs }
}

export function readProcStats(pid: number, facts: ProcFacts): ProcStats | null {
  try {
    return parseProcStats(readFileSync(`/proc/${pid}/stat`, 'utf8'), readFileSync(`/proc/${pid}/statm`, 'utf8'), facts)
  } catch {
    return null
  }
}

/** CPU time (ms) of one thread `tid` of process `pid` (a worker thread of the agent), null once it is gone. */
export function readThreadCpuMs(pid: number, tid: number, facts: ProcFacts): number | null {
  try {
    return cpuMsOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'), facts)
  } catch {
    return null
  }
}

/** The `Pss:` line of /proc/<pid>/smaps_rollup, in bytes. */
export function parsePss(smapsRollup: string): number | null {
  const m = /^Pss:\s+(\d+) kB/m.exec(smapsRollup)
  return m ? Number(m[1]) * 1024 : null
}

/**
 * The proportional set size of a process (bytes): its private pages plus its share of pages it
 * shares (a pod process shares Node's code with every other). Null where the kernel does not say.
 * The kernel walks the process's page tables to answer: tens of milliseconds for a pod process on
 * a loaded machine, too slow to ask of every pod every heartbeat (ProcStats.privateBytes is not).
 */
export function readPssBytes(pid: number): number | null {
  try {
    return parsePss(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
  } catch {
    return null
  }
}

/**
 * The resident size of one process, read again and again through one open /proc/<pid>/statm
 * (one pread per reading: cheap enough to check a pod's memory every 100 ms). Null readings
 * where /proc is not there or the process is gone.
 */
export function residentReader(pid: number, facts: ProcFacts): { read(): number | null; close(): void } {
  let fd: number | undefined
  try {
    fd = openSync(`/proc/${pid}/statm`, 'r')
  } catch {
    fd = undefined
  }
  const buffer = Buffer.alloc(128)
  return {
    read() {
      if (fd === undefined) return null
      try {
        const n = readSync(fd, buffer, 0, buffer.length, 0)
        const pages = Number(buffer.toString('latin1', 0, n).split(' ')[1])
        return Number.isFinite(pages) ? pages * facts.pageSize : null
      } catch {
        return null
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}

/** Fastest growth of a process's resident memory the watchdog plans for (bytes per ms: 4 GB/s). */
export const MAX_GROWTH_PER_MS = 4 * 1024 * 1024

/**
 * When to look at a pod's memory next so that crossing `limit` is seen within `slackMs` of it,
 * growing no faster than MAX_GROWTH_PER_MS: far from the limit rarely (at most every `maxMs`),
 * near it every `slackMs`.
 */
export function nextMemoryCheckMs(rssBytes: number, limitBytes: number, maxMs: number, slackMs = 100): number {
  const headroom = Math.max(0, limitBytes - rssBytes)
  return Math.max(1, Math.min(maxMs, slackMs + Math.floor(headroom / MAX_GROWTH_PER_MS)))
}
