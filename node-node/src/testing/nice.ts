import { readFileSync } from 'node:fs'

/** A thread's nice value (Linux: field 19 of /proc/<pid>/task/<tid>/stat); the process's main thread by default. */
export const niceOf = (pid: number, tid = pid): number =>
  Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])
