/**
 * Memory of whole process trees, read from /proc (Linux): proportional set size (PSS), so pages
 * shared between processes (Node's code, a forked pool's copy-on-write pages) count once in all.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** `pid` and every process below it. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = children.get(ppid) ?? []
      list.push(Number(entry))
      children.set(ppid, list)
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = []
  const todo = [pid]
  while (todo.length > 0) {
    const p = todo.pop()!
    out.push(p)
    todo.push(...(children.get(p) ?? []))
  }
  return out
}

/** One process's PSS in bytes (0 once it is gone). */
export function pssBytes(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** PSS of the trees under `roots`, in MB, and how many processes that was. */
export function treePss(roots: number[]): { mb: number; processes: number } {
  const pids = [...new Set(roots.flatMap(descendants))]
  const bytes = pids.reduce((sum, p) => sum + pssBytes(p), 0)
  return { mb: Math.round((bytes / 1024 / 1024) * 10) / 10, processes: pids.length }
}

/** CPU time (user + system, ms) of one process itself, and of its children it has reaped; zeros once it is gone. */
export function cpuMs(pid: number, tick = 100): { self: number; reaped: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields 14–17 of stat (utime, stime, cutime, cstime), counted from the state field (3rd)
    return {
      self: ((Number(f[11]) + Number(f[12])) * 1000) / tick,
      reaped: ((Number(f[13]) + Number(f[14])) * 1000) / tick,
    }
  } catch {
    return { self: 0, reaped: 0 }
  }
}

/**
 * CPU time (ms) of `pid` itself (`own`), and of every process below it (`below`): those alive and
 * those it has reaped (a pod that ended during a measurement still counts as a pod).
 */
export function treeCpuMs(pid: number): { own: number; below: number } {
  const [, ...rest] = descendants(pid)
  const root = cpuMs(pid)
  return {
    own: root.self,
    below: rest.reduce((sum, p) => {
      const c = cpuMs(p)
      return sum + c.self + c.reaped
    }, root.reaped),
  }
}
