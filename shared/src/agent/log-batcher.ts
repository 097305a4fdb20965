import type { LogEntry } from '../protocol/messages'
import { MAX_MESSAGE_BYTES } from '../protocol/version'
import { cleanLogLine } from '../text/safe-text'

interface PodLogBuffer {
  podId: string
  incarnation: number
  entries: LogEntry[]
  dropped: number
}

export interface LogBatcherOptions {
  /** Entries kept per pod while they cannot be sent (oldest are dropped beyond this). */
  maxBufferedPerPod: number
  /** Entries per `pod:log` message. */
  maxBatch: number
  /** Upper bound of one encoded `pod:log` message (default: just under MAX_MESSAGE_BYTES). */
  maxBatchBytes?: number
}

export const DEFAULT_LOG_BATCHER: LogBatcherOptions = { maxBufferedPerPod: 2000, maxBatch: 500 }

/** Longest log line the protocol carries (characters); longer lines are cut. */
export const MAX_LOG_LINE = 16_384

/** What one entry can cost once JSON-encoded: every UTF-16 unit escaped as `\uXXXX`, plus the fields. */
const worstCaseBytes = (e: LogEntry) => e.line.length * 6 + 64

/**
 * Buffers pod output between flushes so a chatty pack costs one message per flush, not per line,
 * and keeps a bounded backlog while the node is disconnected. Batches stay under the frame limit.
 */
export function createLogBatcher(options: LogBatcherOptions = DEFAULT_LOG_BATCHER) {
  const buffers = new Map<string, PodLogBuffer>()
  const key = (podId: string, incarnation: number) => `${podId}#${incarnation}`
  const maxBytes = options.maxBatchBytes ?? MAX_MESSAGE_BYTES - 4096

  function split(entries: LogEntry[]): LogEntry[][] {
    const batches: LogEntry[][] = []
    let batch: LogEntry[] = []
    let bytes = 0
    for (const entry of entries) {
      const cost = worstCaseBytes(entry)
      if (batch.length > 0 && (batch.length >= options.maxBatch || bytes + cost > maxBytes)) {
        batches.push(batch)
        batch = []
        bytes = 0
      }
      batch.push(entry)
      bytes += cost
    }
    if (batch.length > 0) batches.push(batch)
    return batches
  }

  return {
    add(podId: string, incarnation: number, entry: LogEntry) {
      const k = key(podId, incarnation)
      let buf = buffers.get(k)
      if (!buf) buffers.set(k, (buf = { podId, incarnation, entries: [], dropped: 0 }))
      // Cut, then cleaned: NUL, lone surrogates (a cut may split a pair) and terminal escapes made visible.
      const { line } = cleanLogLine(entry.line.length > MAX_LOG_LINE ? entry.line.slice(0, MAX_LOG_LINE) : entry.line)
      buf.entries.push(line === entry.line ? entry : { ...entry, line })
      if (buf.entries.length > options.maxBufferedPerPod) {
        buf.entries.shift()
        buf.dropped++
      }
    },
    get size() {
      let n = 0
      for (const b of buffers.values()) n += b.entries.length
      return n
    },
    /** Takes everything buffered (optionally for one pod), as batches ready to send. */
    drain(only?: { podId: string; incarnation: number }) {
      const out: { podId: string; incarnation: number; entries: LogEntry[] }[] = []
      for (const [k, buf] of buffers) {
        if (only && k !== key(only.podId, only.incarnation)) continue
        buffers.delete(k)
        const entries = buf.entries
        if (buf.dropped > 0) {
          const ts = entries[0]?.ts ?? 0
          entries.unshift({ ts, stream: 'stderr', line: `[stark] ${buf.dropped} log lines dropped while disconnected` })
        }
        for (const batch of split(entries)) out.push({ podId: buf.podId, incarnation: buf.incarnation, entries: batch })
      }
      return out
    },
  }
}
