/**
 * Pod logs: lines from agents are buffered, written in batches, bounded per pod (rate and
 * retention), and fanned out at once to followers (`stark pod logs -f`).
 */
import type { Clock, LogEntry, Logger } from '@stark/shared'
import type { SqlClient } from '../db/sql'
import { podLogsRepo, type LogQuery } from '../store/pod-logs'
import type { LogRecord } from '../store/records'

export interface LogStoreOptions {
  flushMs: number
  /** Lines a pod may write per second before lines are dropped (with a note). */
  maxLinesPerSecond: number
  /** Lines kept per pod and how long (pruned periodically). */
  keepPerPod: number
  keepMs: number
  /** Bytes of log text kept per pod (the newest lines that fit). */
  keepBytesPerPod?: number
}

export const DEFAULT_LOG_STORE: LogStoreOptions = { flushMs: 200, maxLinesPerSecond: 2000, keepPerPod: 10_000, keepMs: 7 * 86_400_000 }

export type LogFollower = (line: LogRecord) => void

export function createLogStore(db: SqlClient, clock: Clock, log: Logger, options: LogStoreOptions = DEFAULT_LOG_STORE) {
  let buffer: LogRecord[] = []
  let timer: ReturnType<Clock['setTimeout']> | undefined
  const followers = new Map<string, Set<LogFollower>>()
  const rate = new Map<string, { second: number; count: number; dropped: number }>()
  let flushing: Promise<void> = Promise.resolve()

  function admit(podId: string, now: number): boolean {
    const second = Math.floor(now / 1000)
    let r = rate.get(podId)
    if (!r || r.second !== second) {
      if (r?.dropped) push({ podId, incarnation: -1, ts: now, stream: 'stderr', line: `[stark] ${r.dropped} log lines dropped (over ${options.maxLinesPerSecond}/s)` })
      rate.set(podId, (r = { second, count: 0, dropped: 0 }))
    }
    if (r.count >= options.maxLinesPerSecond) {
      r.dropped++
      return false
    }
    r.count++
    return true
  }

  function push(line: LogRecord) {
    buffer.push(line)
    for (const f of followers.get(line.podId) ?? []) f(line)
    timer ??= clock.setTimeout(() => {
      timer = undefined
      void flush()
    }, options.flushMs)
  }

  async function flush(): Promise<void> {
    const lines = buffer
    buffer = []
    if (lines.length === 0) return flushing
    flushing = flushing.then(() =>
      podLogsRepo.insertMany(db, lines).catch((error: unknown) => {
        log.warn('could not store pod logs', { lines: lines.length, error: String(error) })
      }),
    )
    return flushing
  }

  return {
    append(podId: string, incarnation: number, entries: readonly LogEntry[]) {
      const now = clock.now()
      for (const e of entries) if (admit(podId, now)) push({ podId, incarnation, ts: e.ts, stream: e.stream, line: e.line })
    },
    async read(q: LogQuery) {
      await flush()
      return podLogsRepo.read(db, q)
    },
    follow(podId: string, fn: LogFollower): () => void {
      let set = followers.get(podId)
      if (!set) followers.set(podId, (set = new Set()))
      set.add(fn)
      return () => {
        set!.delete(fn)
        if (set!.size === 0) followers.delete(podId)
      }
    },
    flush,
    async prune() {
      await flush()
      await podLogsRepo.prune(db, clock.now() - options.keepMs, options.keepPerPod, options.keepBytesPerPod)
    },
    forget(podId: string) {
      rate.delete(podId)
    },
  }
}
export type LogStore = ReturnType<typeof createLogStore>
