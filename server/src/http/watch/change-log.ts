/**
 * The recent changes a watch replays: one revision counter for the whole server, and per kind a
 * bounded window of the last changes, each with the record before and after. A list answers with
 * the current revision (its `resourceVersion`); a watch from that revision replays what the window
 * holds after it, then follows live. A revision older than the window (or one this server never
 * gave: another process, another server) is `gone`: the client lists again.
 *
 * Revisions start at the server's start time in milliseconds × 1000, so a revision handed out by an
 * earlier process (or a server started earlier) is below this one's first and answers `gone`,
 * never a wrong replay.
 */
export const watchKinds = ['pods', 'services', 'nodes', 'events'] as const
export type WatchKind = (typeof watchKinds)[number]

/** One change of one object: `prev` undefined for a new object, `next` undefined for a removed one. */
export interface LoggedChange<T = unknown> {
  readonly revision: number
  readonly prev: T | undefined
  readonly next: T | undefined
}

export type Replay<T> = { gone: true; oldest: number } | { gone: false; changes: LoggedChange<T>[] }

export interface ChangeLog {
  /** The revision of the last change recorded (of any kind). */
  readonly revision: number
  /** Records a change of `kind` under the next revision and hands it to that kind's listeners. */
  record<T>(kind: WatchKind, prev: T | undefined, next: T | undefined): void
  /** The changes of `kind` after `revision`, or `gone` when the window no longer reaches back there. */
  since<T>(kind: WatchKind, revision: number): Replay<T>
  /** Listens to new changes of one kind (returns its stop). */
  subscribe<T>(kind: WatchKind, fn: (change: LoggedChange<T>) => void): () => void
}

interface Window {
  entries: LoggedChange[]
  /** The revision below which this kind's changes have been dropped from the window. */
  floor: number
}

export function createChangeLog(options: { startedAt: number; window: number }): ChangeLog {
  const first = Math.floor(options.startedAt) * 1000
  let revision = first
  const windows = new Map<WatchKind, Window>()
  const listeners = new Map<WatchKind, Set<(c: LoggedChange) => void>>()
  for (const k of watchKinds) {
    windows.set(k, { entries: [], floor: first })
    listeners.set(k, new Set())
  }
  const max = Math.max(1, options.window)

  return {
    get revision() {
      return revision
    },
    record(kind, prev, next) {
      const change: LoggedChange = { revision: ++revision, prev, next }
      const w = windows.get(kind)!
      w.entries.push(change)
      if (w.entries.length > max * 2) {
        // Dropped in halves, so recording stays O(1) on average.
        const dropped = w.entries.splice(0, w.entries.length - max)
        w.floor = dropped.at(-1)!.revision
      }
      for (const fn of listeners.get(kind)!) fn(change)
    },
    since<T>(kind: WatchKind, from: number): Replay<T> {
      const w = windows.get(kind)!
      const entries = w.entries.length > max ? w.entries.slice(-max) : w.entries
      const floor = entries.length < w.entries.length ? w.entries[w.entries.length - max - 1]!.revision : w.floor
      if (from < floor || from > revision) return { gone: true, oldest: floor }
      // Entries are in revision order: find the first after `from`.
      let lo = 0
      let hi = entries.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (entries[mid]!.revision <= from) lo = mid + 1
        else hi = mid
      }
      return { gone: false, changes: entries.slice(lo) as LoggedChange<T>[] }
    },
    subscribe<T>(kind: WatchKind, fn: (change: LoggedChange<T>) => void) {
      const set = listeners.get(kind)!
      const f = fn as (c: LoggedChange) => void
      set.add(f)
      return () => void set.delete(f)
    },
  }
}
