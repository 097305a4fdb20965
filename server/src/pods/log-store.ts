/**
 * Pod logs: lines from agents are buffered, written in batches, bounded per pod (rate and
 * retention), and fanned out at once to followers (`stark pod logs -f`).
 *
 * What a pod prints is hostile: each line is cut to the protocol's length and cleaned
 * (`cleanLogLine`: NUL, lone surrogates, terminal escapes and controls made visible) before it is
 * stored or followed. One batch holds the lines of many pods; when it cannot be written, the
 * lines are written again pod by pod, then halves of a pod's lines, so whatever one pod sent
 * never costs another pod a line. Only lines that cannot be stored alone are dropped, counted.
 */
import { cleanLogLine, MAX_LOG_LINE, type Clock, type LogEntry, type Logger } from '@stark/shared'
import { isConnectionError, type Sql, type SqlClient } from '../db/sql'
import { podLogsRepo, type LogQuery, type StoredRange } from '../store/pod-logs'
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
  /** Counts lines that were cleaned, or dropped (over the rate, or not storable). */
  onLines?: (outcome: LogLineOutcome, count: number) => void
}

export type LogLineOutcome = 'cleaned' | 'dropped_rate' | 'dropped_unstorable'

export const DEFAULT_LOG_STORE: LogStoreOptions = {
  flushMs: 200,
  maxLinesPerSecond: 2000,
  keepPerPod: 10_000,
  keepMs: 7 * 86_400_000,
}

/** A line as it arrives; lines stored by another server come with their id. */
export type LogFollower = (line: LogRecord & { id?: number }) => void

export function createLogStore(db: SqlClient, clock: Clock, log: Logger, options: LogStoreOptions = DEFAULT_LOG_STORE) {
  let buffer: LogRecord[] = []
  let timer: ReturnType<Clock['setTimeout']> | undefined
  const followers = new Map<string, Set<LogFollower>>()
  const rate = new Map<string, { second: number; count: number; dropped: number }>()
  let flushing: Promise<void> = Promise.resolve()
  let onStored: ((ranges: StoredRange[]) => void) | undefined
  const insert = async (sql: Sql, lines: readonly LogRecord[]) => {
    const ranges = await podLogsRepo.insertMany(sql, lines)
    if (ranges.length > 0) onStored?.(ranges)
  }

  function admit(podId: string, now: number): boolean {
    const second = Math.floor(now / 1000)
    let r = rate.get(podId)
    if (!r || r.second !== second) {
      if (r?.dropped)
        push({
          podId,
          incarnation: -1,
          ts: now,
          stream: 'stderr',
          line: `[stark] ${r.dropped} log lines dropped (over ${options.maxLinesPerSecond}/s)`,
        })
      rate.set(podId, (r = { second, count: 0, dropped: 0 }))
    }
    if (r.count >= options.maxLinesPerSecond) {
      r.dropped++
      options.onLines?.('dropped_rate', 1)
      return false
    }
    r.count++
    return true
  }

  function push(line: LogRecord) {
    buffer.push(line)
    for (const f of followers.get(line.podId) ?? []) f(line)
    if (timer === undefined)
      timer = clock.setTimeout(() => {
        timer = undefined
        void flush()
      }, options.flushMs)
  }

  async function flush(): Promise<void> {
    const lines = buffer
    buffer = []
    if (lines.length === 0) return flushing
    flushing = flushing.then(() =>
      insert(db, lines).catch(async (error: unknown) => {
        if (isConnectionError(error)) {
          options.onLines?.('dropped_unstorable', lines.length)
          log.warn('could not store pod logs', { lines: lines.length, error: String(error) })
          return
        }
        await storeApart(lines)
      }),
    )
    return flushing
  }

  /** A batch that failed as a whole, written again pod by pod. */
  async function storeApart(lines: LogRecord[]) {
    const byPod = new Map<string, LogRecord[]>()
    for (const l of lines) {
      let list = byPod.get(l.podId)
      if (!list) byPod.set(l.podId, (list = []))
      list.push(l)
    }
    for (const [podId, podLines] of byPod) {
      let dropped = 0
      try {
        dropped = await storeHalves(db, podLines)
      } catch (error) {
        dropped = podLines.length
        log.warn('could not store pod logs', { podId, lines: podLines.length, error: String(error) })
      }
      if (dropped === 0) continue
      options.onLines?.('dropped_unstorable', dropped)
      log.warn('pod log lines could not be stored and were dropped', { podId, lines: dropped })
    }
  }

  /** Writes `lines`, halving what fails down to single lines; returns how many were dropped. */
  async function storeHalves(sql: Sql, lines: LogRecord[]): Promise<number> {
    try {
      await insert(sql, lines)
      return 0
    } catch (error) {
      if (isConnectionError(error)) throw error
      // A pod deleted meanwhile: none of its lines can be stored.
      if (!(await podLogsRepo.podExists(sql, lines[0]!.podId))) return lines.length
      if (lines.length === 1) return 1
      const mid = Math.ceil(lines.length / 2)
      return (await storeHalves(sql, lines.slice(0, mid))) + (await storeHalves(sql, lines.slice(mid)))
    }
  }

  return {
    append(podId: string, incarnation: number, entries: readonly LogEntry[]) {
      const now = clock.now()
      let cleaned = 0
      for (const e of entries) {
        if (!admit(podId, now)) continue
        const clean = cleanLogLine(e.line.length > MAX_LOG_LINE ? e.line.slice(0, MAX_LOG_LINE) : e.line)
        if (clean.changed) cleaned++
        push({ podId, incarnation, ts: Number.isFinite(e.ts) ? e.ts : now, stream: e.stream, line: clean.line })
      }
      if (cleaned > 0) options.onLines?.('cleaned', cleaned)
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
    /** Told the id ranges of every batch stored (so other servers' followers can read them). */
    onStored(fn: (ranges: StoredRange[]) => void) {
      onStored = fn
    },
    /** Which pods have followers here. */
    followed: (podId: string) => followers.has(podId),
    /** Lines another server stored, read back: to this server's followers only. */
    remote(lines: readonly (LogRecord & { id: number })[]) {
      for (const line of lines) for (const f of followers.get(line.podId) ?? []) f(line)
    },
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
