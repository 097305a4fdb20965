/**
 * A pod's CPU priority below its agent's. A pod process runs in a session of its own (it is
 * spawned detached, so that its signals reach no one else), and on Linux with autogroup scheduling
 * (`/proc/sys/kernel/sched_autogroup_enabled`, on by default in most distributions) every session
 * is a scheduling group of its own: each busy pod then got as much CPU as the agent's whole
 * session, and a node full of busy pods left its agent (heartbeats, the next pod's start) a sliver
 * of it. A pod is given a nice value (default 10): its process's (the main thread; threads it
 * starts later inherit it) and, where autogroup exists, its session's. A pod cannot undo it (only
 * a privileged process may lower a nice value), and among themselves pods stay equal. With no
 * contention a pod still gets every idle cycle; under contention the agent goes first.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { setPriority } from 'node:os'

/** The nice value pods get unless the agent is told otherwise (`stark node agent start --pod-nice`). */
export const DEFAULT_POD_NICE = 10

export interface PriorityIo {
  setPriority(pid: number, nice: number): void
  /** Reads and writes a file (Linux: /proc/<pid>/autogroup). */
  read(path: string): string
  write(path: string, text: string): void
}

const systemIo: PriorityIo = {
  setPriority,
  read: (path) => readFileSync(path, 'utf8'),
  write: (path, text) => writeFileSync(path, text),
}

/** "/autogroup-85 nice 0" → "/autogroup-85". */
const groupOf = (text: string) => text.trim().split(/\s+/)[0] ?? ''

/**
 * Lowers process `pid`'s priority to `nice` (0 leaves it as it is). Says which parts took: the
 * process's nice value, and its session's (false where autogroup scheduling does not exist).
 */
export function lowerPodPriority(pid: number, nice: number, io: PriorityIo = systemIo): { process: boolean; session: boolean } {
  if (nice <= 0) return { process: false, session: false }
  const attempt = (fn: () => void) => {
    try {
      fn()
      return true
    } catch {
      // not permitted here, gone already, or no autogroup: the pod runs at the agent's priority
      return false
    }
  }
  return {
    process: attempt(() => io.setPriority(pid, nice)),
    // Only a session of the pod's own: never the agent's (a process that shares its session).
    session: attempt(() => {
      const group = groupOf(io.read(`/proc/${pid}/autogroup`))
      if (!group || group === groupOf(io.read('/proc/self/autogroup'))) throw new Error('not a session of its own')
      io.write(`/proc/${pid}/autogroup`, String(nice))
    }),
  }
}
