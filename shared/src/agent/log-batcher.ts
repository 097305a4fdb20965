import type { LogEntry } from '../protocol/messages'

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
}

export const DEFAULT_LOG_BATCHER: LogBatcherOptions = { maxBufferedPerPod: 2000, maxBatch: 500 }

/**
 * Buffers pod output between flushes so a chatty pack costs one message per flush, not per line,
 * and keeps a bounded backlog while the node is disconnected.
 */
export function createLogBatcher(options: LogBatcherOptions = DEFAULT_LOG_BATCHER) {
  const buffers = new Map<string, PodLogBuffer>()
  const key = (podId: string, incarnation: number) => `${podId}#${incarnation}`

  return {
    add(podId: string, incarnation: number, entry: LogEntry) {
      const k = key(podId, incarnation)
      let buf = buffers.get(k)
      if (!buf) buffers.set(k, (buf = { podId, incarnation, entries: [], dropped: 0 }))
      buf.entries.push(entry)
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
        for (let i = 0; i < entries.length; i += options.maxBatch) {
          out.push({ podId: buf.podId, incarnation: buf.incarnation, entries: entries.slice(i, i + options.maxBatch) })
        }
      }
      return out
    },
  }
}
