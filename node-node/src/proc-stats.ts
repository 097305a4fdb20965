/**
 * What a child process uses, read by the agent from /proc (Linux): resident memory and CPU time.
 * Measured from outside, so a pack cannot misreport it. Null where /proc is not available.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'

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

/**
 * The resident size of one process, read again and again through one open /proc/<pid>/statm
 * (one pread per reading: cheap enough to check a pod's memory every 100 ms). Null readings
 * where /proc is not there or the process is gone.
 */
export function residentReader(pid: number): { read(): number | null; close(): void } {
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
        return Number.isFinite(pages) ? pages * PAGE_SIZE : null
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
