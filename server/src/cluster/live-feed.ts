/**
 * Event streams and log follows through any server. After a commit, a server notifies the ids of
 * the events it wrote (channel `stark_events`) and the id range of each pod's log lines it stored
 * (`stark_logs`). The other servers read those rows back: events go to their event bus (marked
 * remote: `stark events -w`, SSE and watches see them; metrics do not count them twice), log
 * lines to their followers of that pod — only pods someone follows there are read.
 *
 * Bounded: a notification carries at most `chunk` ids or ranges (a payload stays far below
 * PostgreSQL's 8000 bytes), a range is read back up to `maxLines` lines, and a notification lost
 * while the listening connection was down is not replayed (a follower reconnects with its cursor;
 * the connection itself is opened again: listener.ts).
 */
import type { Logger } from '@stark/shared'
import type { SqlClient } from '../db/sql'
import type { LogStore } from '../pods/log-store'
import type { EventBus } from '../state/event-bus'
import { eventsRepo } from '../store/events'
import { podLogsRepo, type StoredRange } from '../store/pod-logs'

export const EVENTS_CHANNEL = 'stark_events'
export const LOGS_CHANNEL = 'stark_logs'

export interface LiveFeedDeps {
  db: SqlClient
  /** LISTEN (default: the query client's). */
  listen?: SqlClient['listen']
  /** This server's application_name: its own notifications are skipped. */
  origin: string
  bus: EventBus
  logs: Pick<LogStore, 'onStored' | 'followed' | 'remote'>
  log: Logger
  chunk?: number
  maxLines?: number
}

interface EventsNote {
  o: string
  ids: number[]
}
interface LogsNote {
  o: string
  r: [podId: string, from: number, to: number][]
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0
const UUID = /^[0-9a-f-]{36}$/i

export function parseEventsNote(payload: string): EventsNote | null {
  try {
    const v = JSON.parse(payload) as EventsNote
    if (typeof v.o !== 'string' || !Array.isArray(v.ids) || !v.ids.every(isInt)) return null
    return v
  } catch {
    return null
  }
}

export function parseLogsNote(payload: string): LogsNote | null {
  try {
    const v = JSON.parse(payload) as LogsNote
    if (typeof v.o !== 'string' || !Array.isArray(v.r)) return null
    const ok = v.r.every(
      (x) => Array.isArray(x) && typeof x[0] === 'string' && UUID.test(x[0]) && isInt(x[1]) && isInt(x[2]) && x[1] <= x[2],
    )
    return ok ? v : null
  } catch {
    return null
  }
}

export function createLiveFeed(deps: LiveFeedDeps) {
  const { db, origin, log } = deps
  const listen = deps.listen ?? db.listen
  const chunk = deps.chunk ?? 200
  const maxLines = deps.maxLines ?? 2000
  const offs: (() => void | Promise<void>)[] = []
  let stopped = false
  /** Reads back in arrival order, one at a time. */
  let reading: Promise<void> = Promise.resolve()
  const serially = (fn: () => Promise<void>) => {
    reading = reading
      .then(fn)
      .catch((error) => log.warn('could not read back what another server wrote', { error: String(error) }))
  }

  const notify = (channel: string, body: unknown) =>
    void db.query('select pg_notify($1, $2)', [channel, JSON.stringify(body)]).catch((error) => {
      if (!stopped) log.debug('could not notify the other servers', { channel, error: String(error) })
    })

  function publishEvents(ids: number[]) {
    for (let i = 0; i < ids.length; i += chunk) notify(EVENTS_CHANNEL, { o: origin, ids: ids.slice(i, i + chunk) })
  }
  function publishLogs(ranges: StoredRange[]) {
    for (let i = 0; i < ranges.length; i += chunk) {
      notify(LOGS_CHANNEL, { o: origin, r: ranges.slice(i, i + chunk).map((r) => [r.podId, r.from, r.to]) })
    }
  }

  return {
    async start() {
      // Local events of one commit arrive together (bus.publish in one call): gathered for one notification.
      let pending: number[] = []
      offs.push(
        deps.bus.subscribe((e, remote) => {
          if (remote) return
          if (pending.length === 0)
            queueMicrotask(() => {
              const ids = pending
              pending = []
              publishEvents(ids)
            })
          pending.push(e.id)
        }),
      )
      deps.logs.onStored(publishLogs)
      offs.push(() => deps.logs.onStored(() => {}))
      offs.push(
        await listen(EVENTS_CHANNEL, (payload) => {
          const note = parseEventsNote(payload)
          if (!note) return log.warn('ignored a malformed events notification')
          if (note.o === origin) return
          serially(async () => deps.bus.publish(await eventsRepo.byIds(db, note.ids), true))
        }),
      )
      offs.push(
        await listen(LOGS_CHANNEL, (payload) => {
          const note = parseLogsNote(payload)
          if (!note) return log.warn('ignored a malformed logs notification')
          if (note.o === origin) return
          const wanted = note.r.filter(([podId]) => deps.logs.followed(podId))
          if (wanted.length === 0) return
          serially(async () => {
            for (const [podId, from, to] of wanted) {
              deps.logs.remote(await podLogsRepo.range(db, { podId, from, to }, maxLines))
            }
          })
        }),
      )
    },
    async stop() {
      stopped = true
      for (const off of offs.splice(0)) await off()
      await reading
    },
  }
}
