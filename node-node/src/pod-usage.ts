/**
 * A pod process's resource use since the last reading, for heartbeats: CPU (millicores) and memory
 * (MB) from /proc where there is one, measured from outside; elsewhere from what the pod process
 * last reported (its heap and CPU time), which is all there is. Memory is the process's private
 * resident memory (statm: resident less file-backed and shared pages): Node's code, which every pod
 * process shares, counts for none of them, not once per pod as summed RSS would. (Its PSS, which
 * counts a share of that code, takes the kernel a walk of the page tables: with 100 pods, seconds of
 * the agent's time per minute on a loaded 2-core machine.)
 */
import type { Clock } from '@stark/shared'
import { type ProcFacts, type ProcStats, readProcStats } from './proc-stats'

const MB = 1024 * 1024

export interface UsageMeter {
  /** What the pod process said it uses (a checked `usage` message). */
  reported(heapUsed: number, cpuMicros: number): void
  /** Use since the previous reading; CPU is 0 on the first. */
  read(): { cpu: number; memory: number }
}

export function createUsageMeter(clock: Clock, pid: number | undefined, facts: ProcFacts): UsageMeter {
  let reported = { heapUsed: 0, cpuMicros: 0 }
  let last: { stats: ProcStats | null; reported: typeof reported; at: number } | undefined
  return {
    reported(heapUsed, cpuMicros) {
      reported = { heapUsed, cpuMicros }
    },
    read() {
      const now = clock.now()
      const stats = pid !== undefined ? readProcStats(pid, facts) : null
      const prev = last
      last = { stats, reported, at: now }
      const elapsed = prev ? now - prev.at : 0
      let cpu = 0
      if (elapsed > 0 && stats && prev?.stats) cpu = ((stats.cpuMs - prev.stats.cpuMs) / elapsed) * 1000
      else if (elapsed > 0 && prev) cpu = ((reported.cpuMicros - prev.reported.cpuMicros) / 1000 / elapsed) * 1000
      const memory = stats ? stats.privateBytes : reported.heapUsed
      return { cpu: Math.max(0, Math.round(cpu)), memory: Math.round(memory / MB) }
    },
  }
}
