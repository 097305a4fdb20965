/**
 * What a child process uses, read by the agent from /proc (Linux): resident memory and CPU time.
 * Measured from outside, so a pack cannot misreport it. Null where /proc is not available.
 */
import { readFileSync } from 'node:fs'

export interface ProcStats {
  /** Resident set size, bytes. */
  rssBytes: number
  /** User + system CPU time, milliseconds. */
  cpuMs: number
}

const PAGE_SIZE = 4096
const TICKS_PER_SECOND = 100

/** Parses /proc/<pid>/stat and /proc/<pid>/statm contents. */
export function parseProcStats(stat: string, statm: string): ProcStats | null {
  // The command name (field 2) is in parentheses and may contain spaces: split after its ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(rest[11])
  const stime = Number(rest[12])
  const residentPages = Number(statm.split(' ')[1])
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || !Number.isFinite(residentPages)) return null
  return { rssBytes: residentPages * PAGE_SIZE, cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND }
}

export function readProcStats(pid: number): ProcStats | null {
  try {
    return parseProcStats(readFileSync(`/proc/${pid}/stat`, 'utf8'), readFileSync(`/proc/${pid}/statm`, 'utf8'))
  } catch {
    return null
  }
}
