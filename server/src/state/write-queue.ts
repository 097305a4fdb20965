/**
 * The one write path. Every change to cluster state is a function queued here; the queue runs
 * the functions of one tick serially inside ONE database transaction, writes their pod, node,
 * history and event changes with one statement each, commits, and only then updates the
 * in-memory state, resolves the callers and publishes the events.
 *
 * Functions read through the transaction (`tx.pod(id)` sees writes staged earlier in the same
 * batch), so the queue is a single serialised writer: no lost updates between concurrent requests.
 * A function that throws a StarkError before touching SQL fails alone; anything else aborts the
 * batch, which is then retried one function per transaction so only the culprit fails.
 */
import type { Clock, Logger } from '@stark/shared'
import { DatabaseUnavailableError, isConnectionError, type Sql, type SqlClient } from '../db/sql'
import { StarkError, unavailable } from '../errors'
import { createEventRecorder, type EventRecorder } from '../events/event-recorder'
import { nodesRepo } from '../store/nodes'
import { podsRepo, type PodHistoryInput } from '../store/pods'
import type { EventInput, NodeRecord, PodRecord } from '../store/records'
import type { ClusterState } from './cluster-state'
import { batchTerm, TermMoved } from './batch-term'
import { mergeInto, newStaging } from './staging'
import type { EventBus } from './event-bus'

export interface Tx {
  /** The time this batch started (one value for every function in it). */
  readonly now: number
  /** For statements the staged helpers below do not cover. */
  readonly sql: Sql
  pod(id: string): PodRecord | undefined
  node(id: string): NodeRecord | undefined
  putPod(pod: PodRecord): void
  deletePod(id: string): void
  putNode(node: NodeRecord): void
  deleteNode(id: string): void
  history(entry: Omit<PodHistoryInput, 'at'>): void
  event(event: EventInput): void
  /** Runs after the commit and the state update (send messages, wake controllers). */
  after(fn: () => void): void
  /**
   * Whether this batch may write as leader of `term` (a change decided as leader inside another's
   * write, such as a pod placed at its creation, asks before staging what only the leader may).
   * The term is read once per batch under the key-share lock fenced writes take; it goes out with
   * the batch's writes, and the answer is checked before the commit: if the term had moved on, the
   * batch is rolled back and decided again with the term read first.
   */
  holdsTerm(term: number): boolean
  /**
   * Rows another server wrote, read back through `sql` (the change feed): they update memory after
   * the commit like a change, but are not written again. A row this batch changes itself is kept as changed.
   */
  observe(changes: Observed): void
}

export interface Observed {
  pods?: readonly PodRecord[]
  deletedPods?: readonly string[]
  nodes?: readonly NodeRecord[]
  deletedNodes?: readonly string[]
}

interface Item {
  fn: (tx: Tx) => unknown
  /** The request that queued this change, if any (default correlation id of its events). */
  correlationId: string | undefined
  /** The leader term this change was decided under (scheduler, controllers); refused once it is stale. */
  term?: number
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}

export interface WriteQueueDeps {
  db: SqlClient
  state: ClusterState
  bus: EventBus
  clock: Clock
  log: Logger
  /** Schedules the next flush (default: setImmediate, i.e. "this tick"). */
  defer?: (fn: () => void) => void
  maxBatch?: number
  /** Observes each committed batch (metrics). */
  onCommit?: (info: { items: number; durationMs: number }) => void
  /** The id of the request queueing a change, read at `run()`: its events' correlation id unless they set one. */
  correlationId?: () => string | undefined
  /** Writes each batch's events (cleaned, aggregated, rate-limited); default: one with the default limits. */
  events?: EventRecorder
  /**
   * Several servers on one database: a pod row another server wrote (or deleted) after the
   * version this server based its change on is never overwritten (compare-and-set on incarnation
   * and update time). The batch is rolled back, the stored rows are read into memory, and its
   * changes are decided again on them (a status report lands on the newer row; a change that no
   * longer applies is dropped by its own checks). After `staleRetries` rounds the stored rows win.
   */
  guardStale?: boolean
  staleRetries?: number
}

/** A batch based on pod rows another server changed since: rolled back, to be decided again on the stored rows. */
class StaleBases extends Error {
  constructor(
    readonly newer: PodRecord[],
    readonly gone: string[],
  ) {
    super('pods changed by another server meanwhile')
  }
}

export function createWriteQueue(deps: WriteQueueDeps): WriteQueue {
  const { db, state, bus, clock, log } = deps
  const defer = deps.defer ?? ((fn) => void setImmediate(fn))
  const maxBatch = deps.maxBatch ?? 2000
  const recorder = deps.events ?? createEventRecorder()
  const queue: Item[] = []
  let flushing = false
  let scheduled = false
  let idle: (() => void)[] = []

  function schedule() {
    if (scheduled || flushing) return
    scheduled = true
    defer(() => {
      scheduled = false
      void flush()
    })
  }

  async function flush() {
    if (flushing) return
    flushing = true
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch)
        try {
          await runBatch(batch)
        } catch (error) {
          if (batch.length === 1 || isConnectionError(error)) {
            const failure = toFailure(error)
            for (const item of batch) item.reject(failure)
            continue
          }
          log.warn('write batch failed; retrying its writes one by one', { items: batch.length, error: String(error) })
          for (const item of batch) {
            try {
              await runBatch([item])
            } catch (single) {
              item.reject(toFailure(single))
            }
          }
        }
      }
    } finally {
      flushing = false
      const waiters = idle
      idle = []
      for (const w of waiters) w()
    }
  }

  function toFailure(error: unknown): unknown {
    if (error instanceof StarkError) return error
    if (isConnectionError(error)) {
      log.error('database unavailable', { error: String(error) })
      return unavailable('the database is unavailable; try again shortly')
    }
    return error
  }

  async function runBatch(items: Item[]) {
    const retries = deps.staleRetries ?? 4
    let termFirst = false
    for (let round = 0; ; round++) {
      try {
        return await runBatchOnce(items, round < retries, termFirst)
      } catch (error) {
        if (error instanceof TermMoved && !termFirst) {
          termFirst = true
          continue
        }
        if (!(error instanceof StaleBases)) throw error
        // Committed rows of another server: memory takes them, and the batch is decided again on them.
        state.apply({ pods: error.newer, deletedPods: error.gone, nodes: [], deletedNodes: [] })
        log.debug('pods changed by another server meanwhile were read back; deciding the batch again', {
          pods: [...error.newer.map((p) => p.id), ...error.gone],
        })
      }
    }
  }

  async function runBatchOnce(items: Item[], mayRetry: boolean, termFirst: boolean) {
    const started = clock.now()
    const batch = newStaging()
    const outcomes: { item: Item; ok: boolean; value: unknown }[] = []
    const committedEvents = await db.transaction(async (sql) => {
      // Read first only in a round after the term moved on; otherwise read with the writes.
      const term = await batchTerm(sql, termFirst)
      for (const item of items) {
        if (item.term !== undefined && !term.holds(item.term)) {
          outcomes.push({ item, ok: false, value: new FencedError(item.term, term.known) })
          continue
        }
        const staged = newStaging()
        let usedSql = false
        const trackedSql: Sql = {
          query: (text, params) => ((usedSql = true), sql.query(text, params)),
          exec: (text) => ((usedSql = true), sql.exec(text)),
        }
        const readPod = (id: string) =>
          staged.deletedPods.has(id) || batch.deletedPods.has(id)
            ? undefined
            : (staged.pods.get(id) ?? batch.pods.get(id) ?? state.pods.get(id))
        const readNode = (id: string) =>
          staged.deletedNodes.has(id) || batch.deletedNodes.has(id)
            ? undefined
            : (staged.nodes.get(id) ?? batch.nodes.get(id) ?? state.nodes.get(id))
        const changedHere = (key: string, id: string, kind: 'pod' | 'node') =>
          !batch.observed.has(key) &&
          (kind === 'pod' ? batch.pods.has(id) || batch.deletedPods.has(id) : batch.nodes.has(id) || batch.deletedNodes.has(id))
        const tx: Tx = {
          now: started,
          sql: trackedSql,
          pod: readPod,
          node: readNode,
          putPod: (p) => void (staged.deletedPods.delete(p.id), staged.pods.set(p.id, p), staged.observed.delete(`pod:${p.id}`)),
          deletePod: (id) => void (staged.pods.delete(id), staged.deletedPods.add(id), staged.observed.delete(`pod:${id}`)),
          putNode: (n) =>
            void (staged.deletedNodes.delete(n.id), staged.nodes.set(n.id, n), staged.observed.delete(`node:${n.id}`)),
          deleteNode: (id) => void (staged.nodes.delete(id), staged.deletedNodes.add(id), staged.observed.delete(`node:${id}`)),
          observe: (o) => {
            for (const p of o.pods ?? []) {
              if (changedHere(`pod:${p.id}`, p.id, 'pod')) continue
              staged.deletedPods.delete(p.id)
              staged.pods.set(p.id, p)
              staged.observed.add(`pod:${p.id}`)
            }
            for (const id of o.deletedPods ?? []) {
              if (changedHere(`pod:${id}`, id, 'pod')) continue
              staged.pods.delete(id)
              staged.deletedPods.add(id)
              staged.observed.add(`pod:${id}`)
            }
            for (const n of o.nodes ?? []) {
              if (changedHere(`node:${n.id}`, n.id, 'node')) continue
              staged.deletedNodes.delete(n.id)
              staged.nodes.set(n.id, n)
              staged.observed.add(`node:${n.id}`)
            }
            for (const id of o.deletedNodes ?? []) {
              if (changedHere(`node:${id}`, id, 'node')) continue
              staged.nodes.delete(id)
              staged.deletedNodes.add(id)
              staged.observed.add(`node:${id}`)
            }
          },
          history: (h) => void staged.history.push({ ...h, at: started }),
          event: (e) =>
            void staged.events.push({ ...e, correlationId: e.correlationId ?? item.correlationId ?? null, createdAt: started }),
          after: (fn) => void staged.afters.push(fn),
          holdsTerm: term.holds,
        }
        try {
          const value = await item.fn(tx)
          mergeInto(batch, staged)
          outcomes.push({ item, ok: true, value })
        } catch (error) {
          if (error instanceof StarkError && !usedSql) {
            outcomes.push({ item, ok: false, value: error })
            continue
          }
          throw error
        }
      }
      const mine = (kind: string) => (id: string) => !batch.observed.has(`${kind}:${id}`)
      // Several servers: the rows this batch changes are locked and compared with the versions it
      // was decided on. While a stale one can still be decided again, the lock goes out with the
      // writes (a stale row rolls them back); in the last round it is read first, as its rows win.
      let locking: Promise<{ newer: PodRecord[]; gone: string[] }> | undefined
      if (deps.guardStale) {
        const bases = [...batch.pods.keys(), ...batch.deletedPods].filter(mine('pod')).flatMap((id) => state.pods.get(id) ?? [])
        locking = podsRepo.lockBases(sql, bases)
      }
      if (locking && !mayRetry) {
        const { newer, gone } = await locking
        locking = undefined
        for (const row of newer) {
          batch.pods.set(row.id, row)
          batch.deletedPods.delete(row.id)
          batch.observed.add(`pod:${row.id}`)
          log.warn('a pod kept changing on another server; its stored row was kept', { podId: row.id })
        }
        for (const id of gone) {
          batch.pods.delete(id)
          batch.deletedPods.add(id)
          batch.observed.add(`pod:${id}`)
        }
      }
      // The batch's writes go out together (nodes before the pods that name them, new pods before
      // their history): PostgreSQL runs a connection's statements one after the other as they
      // arrive, so one round trip instead of one per statement. Only the pods' run-column update
      // (writeMany's second statement) follows later; it names no row the others add, and a node
      // deleted here sets its pods' node to null. A failing statement fails the rest and the
      // transaction rolls back.
      const writing = Promise.all([
        Promise.all([...batch.nodes.values()].filter((n) => mine('node')(n.id)).map((n) => nodesRepo.upsert(sql, n))),
        podsRepo.writeMany(
          sql,
          [...batch.pods.values()].filter((p) => mine('pod')(p.id)),
          (id) => state.pods.get(id),
        ),
        podsRepo.deleteMany(sql, [...batch.deletedPods].filter(mine('pod'))),
        Promise.all([...batch.deletedNodes].filter(mine('node')).map((id) => nodesRepo.delete(sql, id))),
        // A pod deleted in this batch takes its history with it (as the foreign key's cascade would
        // have): rows for it would otherwise fail the whole batch.
        podsRepo.insertHistory(
          sql,
          batch.history.filter((h) => !batch.deletedPods.has(h.podId)),
        ),
        recorder.record(sql, batch.events),
      ])
      // The statements above fail after the first failing one; a stale base or a moved term
      // explains such a failure better than the statement does.
      const [locked, written, checked] = await Promise.allSettled([locking, writing, term.check()])
      if (locked.status === 'fulfilled' && locked.value && locked.value.newer.length + locked.value.gone.length > 0)
        throw new StaleBases(locked.value.newer, locked.value.gone)
      if (checked.status === 'rejected') throw checked.reason
      if (locked.status === 'rejected') throw locked.reason
      if (written.status === 'rejected') throw written.reason
      return written.value[5]
    })
    state.apply({
      pods: [...batch.pods.values()],
      deletedPods: [...batch.deletedPods],
      nodes: [...batch.nodes.values()],
      deletedNodes: [...batch.deletedNodes],
    })
    for (const o of outcomes) (o.ok ? o.item.resolve : o.item.reject)(o.value)
    for (const fn of batch.afters) guarded(fn)
    bus.publish(committedEvents)
    deps.onCommit?.({ items: items.length, durationMs: clock.now() - started })
  }

  function guarded<A extends unknown[]>(fn: (...a: A) => void, ...args: A) {
    try {
      fn(...args)
    } catch (error) {
      log.error('commit hook failed', { error: String(error) })
    }
  }

  function enqueue<T>(fn: (tx: Tx) => T | Promise<T>, term: number | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, correlationId: deps.correlationId?.(), term, resolve: resolve as (v: unknown) => void, reject })
      schedule()
    })
  }

  async function drain(): Promise<void> {
    if (!flushing && queue.length === 0 && !scheduled) return
    await new Promise<void>((resolve) => idle.push(resolve))
    if (queue.length > 0) return drain()
  }

  const view = (term: number | undefined): WriteQueue => ({
    run: (fn) => enqueue(fn, term),
    asLeader: (t) => view(t),
    drain,
    get depth() {
      return queue.length
    },
  })
  return view(undefined)
}

export interface WriteQueue {
  /** Queues a change; resolves with `fn`'s result once it is durable and applied. */
  run<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>
  /**
   * The same queue for the leader's scheduler and controllers: each change carries `term` and is
   * refused (`FencedError`) when another server has taken the lead since.
   */
  asLeader(term: number): WriteQueue
  /** Resolves when everything queued so far has been written (or failed). */
  drain(): Promise<void>
  readonly depth: number
}

/** A write decided by a leader whose term has passed. */
export class FencedError extends StarkError {
  constructor(
    readonly term: number,
    readonly current: number | undefined,
  ) {
    super('conflict', `this server no longer leads (term ${term}, current ${current ?? 'unknown'}); the change was not written`)
  }
}
export { DatabaseUnavailableError }
