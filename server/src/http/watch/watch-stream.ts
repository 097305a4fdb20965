/**
 * `GET /api/<kind>?watch=true&resourceVersion=N`: a text/event-stream of the changes after N that
 * the caller's list would show — `ADDED`, `MODIFIED`, `DELETED` — each as `data: {type, object,
 * resourceVersion}` with `id:` its revision (so `Last-Event-ID` resumes), the object in the shape
 * the list returns.
 *
 * What a watch shows is decided per change by the list's own filter (authorization, namespace,
 * query) on the record before and after: shown before and after is MODIFIED, only after ADDED,
 * only before DELETED (it left the list), neither nothing. So nothing the caller may not list —
 * not even a removal — ever reaches the stream.
 *
 * Without a resourceVersion (nor `Last-Event-ID`) the stream opens as Kubernetes' does: a synthetic
 * ADDED for each object the list shows now (in the list's order, each with the revision it was read
 * at), then the changes after it. The objects are read in the turn that subscribes, so no change is
 * lost or sent twice; where they come from the database (events), a change of one already sent at
 * the same state is left out.
 *
 * A revision the window no longer holds answers 410 before the stream starts (`gone` as an
 * `error` event once streaming, when the client falls too far behind): list again and watch from
 * the new list's resourceVersion. Idle streams get a `: keepalive` comment; each caller has at
 * most `watchesPerCaller` watches open at once (429 past that).
 */
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AuthOps } from '../../auth/auth-ops'
import type { Principal } from '../../auth/principal'
import { badRequest, rateLimited } from '../../errors'
import { createPump } from '../../state/pump'
import type { Clock } from '@stark/shared'
import { watchStanding } from '../../ws/connection-standing'
import type { AppEnv } from '../env'
import { problem } from '../problem'
import type { ChangeLog, LoggedChange, WatchKind } from './change-log'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface Watches {
  readonly log: ChangeLog
  /** Most watches one caller may hold open at once. */
  readonly perCaller: number
  /** How often an idle stream sends a comment (ms). */
  readonly heartbeatMs: number
  /** Changes a stream may fall behind before it is ended with `gone`. */
  readonly maxPending: number
  /** Open watches per caller id. */
  readonly open: Map<string, number>
}

export function createWatches(log: ChangeLog, o: { perCaller: number; heartbeatMs: number; maxPending?: number }): Watches {
  return { log, perCaller: o.perCaller, heartbeatMs: o.heartbeatMs, maxPending: o.maxPending ?? 10_000, open: new Map() }
}

/** How a list's watch shows its records: the list's filter and the list's item view. */
export interface WatchSpec<T> {
  kind: WatchKind
  shows(record: T): boolean
  view(record: T): unknown
  /**
   * What the list shows now, in its order, for a watch without a resourceVersion (synthetic
   * ADDED). Read in the turn the watch subscribes when it is an array; a promise (a database read)
   * is awaited after, and a change to a record it gave, at the same state, is not sent again.
   */
  existing?(): readonly T[] | Promise<readonly T[]>
}

/** What a change is to someone whose list shows what `shows` says (undefined: nothing). */
export function classify<T>(change: LoggedChange<T>, shows: (r: T) => boolean): { type: WatchEventType; record: T } | undefined {
  const before = change.prev !== undefined && shows(change.prev)
  const after = change.next !== undefined && shows(change.next)
  if (before && after) return { type: 'MODIFIED', record: change.next! }
  if (after) return { type: 'ADDED', record: change.next! }
  if (before) return { type: 'DELETED', record: change.prev! }
  return undefined
}

/** A revision as the query or `Last-Event-ID` gives it: digits only (400 otherwise). */
export function parseRevision(text: string | undefined, what = 'resourceVersion'): number | undefined {
  if (text === undefined || text === '') return undefined
  if (!/^\d{1,16}$/.test(text)) throw badRequest(`${what} must be the resourceVersion of a list (digits)`)
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw badRequest(`${what} must be the resourceVersion of a list (digits)`)
  return n
}

export interface WatchDeps {
  watches: Watches
  auth: Pick<AuthOps, 'isCurrent' | 'onStandingChange'>
  clock: Clock
}

const callerKey = (p: Principal) => `${p.kind}:${p.id}`

/** Answers a list route's `watch=true`: 410, 429, or the stream. */
export function watchResponse<T>(
  c: Context<AppEnv>,
  deps: WatchDeps,
  resourceVersion: string | undefined,
  spec: WatchSpec<T>,
): Response {
  const { watches } = deps
  const { log } = watches
  const given = parseRevision(resourceVersion) ?? parseRevision(c.req.header('last-event-id'), 'Last-Event-ID')
  const from = given ?? log.revision
  const principal = c.get('principal')
  const key = callerKey(principal)
  const open = watches.open.get(key) ?? 0
  if (open >= watches.perCaller)
    throw rateLimited(`at most ${watches.perCaller} watches open at once per caller; close one first`)

  // Subscribed and replayed in one turn: nothing recorded in between is lost or sent twice.
  const pump = createPump<LoggedChange<T>>(watches.maxPending)
  const off = log.subscribe<T>(spec.kind, (change) => pump.push(change))
  const replay = log.since<T>(spec.kind, from)
  // Read in this turn, with the subscription: the state at `from`.
  const existing = given === undefined && !replay.gone ? spec.existing?.() : undefined
  if (replay.gone) {
    off()
    pump.close()
    return problem(
      c,
      410,
      'gone',
      `resourceVersion ${from} is too old (or not from this server): list again and watch from the list's resourceVersion`,
      { details: { resourceVersion: String(from), oldest: String(replay.oldest) } },
    )
  }
  watches.open.set(key, open + 1)
  const release = () => {
    const n = (watches.open.get(key) ?? 1) - 1
    if (n <= 0) watches.open.delete(key)
    else watches.open.set(key, n)
  }

  return streamSSE(c, async (stream) => {
    stream.onAbort(() => pump.close())
    const standing = watchStanding(
      deps,
      () => principal,
      undefined,
      () => void stream.abort(),
    )
    let last = from
    /** Views already sent as synthetic ADDED from a later read (a database): not sent again. */
    let sentAtRead: Set<string> | undefined
    const send = async (change: LoggedChange<T>) => {
      last = change.revision
      const shown = classify(change, spec.shows)
      if (!shown) return
      const object = JSON.stringify(spec.view(shown.record))
      if (sentAtRead?.has(object)) return
      const resourceVersion = String(change.revision)
      await stream.writeSSE({
        id: resourceVersion,
        data: `{"type":"${shown.type}","object":${object},"resourceVersion":"${resourceVersion}"}`,
      })
    }
    try {
      // Says the stream is open (headers flushed) before anything changes.
      await stream.write(': watching\n\n')
      if (existing) {
        const read = Array.isArray(existing) ? undefined : new Set<string>()
        const resourceVersion = String(from)
        for (const record of await existing) {
          if (!spec.shows(record)) continue
          const object = JSON.stringify(spec.view(record))
          read?.add(object)
          await stream.writeSSE({
            id: resourceVersion,
            data: `{"type":"ADDED","object":${object},"resourceVersion":"${resourceVersion}"}`,
          })
        }
        sentAtRead = read
      }
      for (const change of replay.changes) await send(change)
      while (!stream.aborted && !pump.closed) {
        const batch = await pump.take(watches.heartbeatMs)
        if (pump.overflowed) {
          await stream.writeSSE({
            event: 'error',
            data: JSON.stringify({
              code: 'gone',
              message: `more than ${watches.maxPending} changes behind after resourceVersion ${last}: list again`,
            }),
          })
          break
        }
        if (batch.length === 0 && !pump.closed) await stream.write(': keepalive\n\n')
        for (const change of batch) await send(change)
      }
    } finally {
      standing.stop()
      off()
      pump.close()
      release()
    }
  }) as unknown as Response
}
