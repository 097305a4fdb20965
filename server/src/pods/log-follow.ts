/**
 * `GET /api/pods/{ref}/logs?follow=true`: the stored lines, then every new line as it arrives,
 * across restarts of the pod. A restarted pod keeps its id and gets a new incarnation, so the
 * stream stays open while the pod may run again and sends a `status` event whenever its run or
 * status changes (the marker a client prints between runs). It ends (`end`) when the pod is gone,
 * or has finished for good: deleted, or terminal with nothing that would restart it.
 */
import { isTerminal, type PodStatus } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { LogQuery } from '../store/pod-logs'
import type { PodHistoryInput } from '../store/pods'
import type { LogRecord, PodRecord } from '../store/records'
import { iso } from '../store/convert'
import { createPump } from '../state/pump'
import type { LogStore } from './log-store'
import { podView } from './pod-view'

/** Where the stream goes (an SSE stream in production, an array in tests). */
export interface LogSink {
  send(event: 'log' | 'status' | 'end' | 'error', data: unknown): Promise<void>
  keepalive(): Promise<void>
  readonly aborted: boolean
  onAbort(fn: () => void): void
}

export interface LogFollowOptions {
  keepaliveMs: number
  /** After a pod has finished for good, how long to wait for its last lines (ms). */
  settleMs: number
  /** Lines a reader may fall behind before the stream is cut. */
  maxPending: number
}

export const DEFAULT_LOG_FOLLOW: LogFollowOptions = { keepaliveMs: 15_000, settleMs: 1000, maxPending: 20_000 }

type Item = { kind: 'line'; line: LogRecord & { id?: number } } | { kind: 'pod'; pod: PodRecord | undefined }

export const logLineView = (l: LogRecord & { id?: number }) => ({
  id: l.id ?? 0,
  incarnation: l.incarnation,
  ts: iso(l.ts)!,
  stream: l.stream,
  line: l.line,
})

export function statusView(p: PodRecord, state: ClusterState) {
  return {
    incarnation: p.incarnation,
    status: p.status,
    reason: p.reason,
    message: p.message,
    nodeName: p.nodeId ? (state.nodes.get(p.nodeId)?.name ?? null) : null,
    restarts: p.restarts,
    at: iso(p.updatedAt)!,
  }
}

/** Whether a finished pod may still run again (so a follower keeps waiting). */
export function mayRunAgain(p: PodRecord, state: ClusterState): boolean {
  if (p.deletedAt !== null) return false
  if (!isTerminal(p.status)) return true
  if (podView(p, state).service !== null) return true
  return p.spec.restartPolicy === 'Always' || (p.spec.restartPolicy === 'OnFailure' && p.status === 'Failed')
}

/** How a run ended, as the pod's history recorded it. */
export type RunEnd = Omit<PodHistoryInput, 'podId'>

/** Pure: the last terminal entry of each run from `from` on, oldest run first. */
export function runEndsOf(history: readonly RunEnd[], from: number): RunEnd[] {
  const ends = new Map<number, RunEnd>()
  for (const e of history) if (e.incarnation >= from && isTerminal(e.status as PodStatus)) ends.set(e.incarnation, e)
  return [...ends.values()].sort((a, b) => a.incarnation - b.incarnation)
}

export interface LogFollowDeps {
  logs: Pick<LogStore, 'read' | 'follow'>
  state: ClusterState
  /**
   * The recorded ends of a pod's runs from `fromIncarnation` on. A run that ends and restarts
   * within one commit never shows its end in the state; the stream takes it from here instead.
   */
  runEnds?(podId: string, fromIncarnation: number): Promise<RunEnd[]>
}

export async function followPodLogs(
  deps: LogFollowDeps,
  podId: string,
  query: Omit<LogQuery, 'podId'>,
  sink: LogSink,
  options: LogFollowOptions = DEFAULT_LOG_FOLLOW,
): Promise<void> {
  const { logs, state } = deps
  const pump = createPump<Item>(options.maxPending)
  let pushedLines = 0
  // Subscribe before reading: lines pushed before the read are in its answer and are skipped below.
  const offLines = logs.follow(podId, (line) => {
    if (line.id === undefined) pushedLines++
    pump.push({ kind: 'line', line })
  })
  const offPod = state.onPodChange((prev, next) => {
    if ((next ?? prev)?.id === podId) pump.push({ kind: 'pod', pod: next })
  })
  sink.onAbort(() => pump.close())
  const readEnds = async (from: number) => (await deps.runEnds?.(podId, from).catch(() => [])) ?? []
  /** A past run's end as a status event; its restart count follows from the pod's current run. */
  const endView = (end: RunEnd, now: PodRecord | undefined) => ({
    incarnation: end.incarnation,
    status: end.status,
    reason: end.reason,
    message: end.message,
    nodeName: end.nodeId ? (state.nodes.get(end.nodeId)?.name ?? null) : null,
    restarts: now ? Math.max(0, now.restarts - (now.incarnation - end.incarnation)) : 0,
    at: iso(end.at)!,
  })
  try {
    const skip = pushedLines
    const history = await logs.read({ podId, ...query })
    // Lines another server stored come with ids: those the read returned are not sent again.
    let lastId = history.reduce((m, l) => Math.max(m, l.id), 0)
    let seen = 0
    // Between the stored runs, how each one ended (a run's end is never a line of its own).
    const runs = history.map((l) => l.incarnation).filter((i) => i >= 0)
    const ends = runs.length ? await readEnds(Math.min(...runs)) : []
    const endOf = new Map(ends.map((e) => [e.incarnation, e]))
    let run: number | undefined
    const sendEndOf = async (incarnation: number, replay: boolean) => {
      const end = endOf.get(incarnation)
      if (end) await sink.send('status', { ...endView(end, state.pods.get(podId)), ...(replay ? { replay: true } : {}) })
    }
    for (const l of history) {
      if (run !== undefined && l.incarnation > run) await sendEndOf(run, true)
      if (l.incarnation >= 0) run = l.incarnation
      await sink.send('log', logLineView(l))
    }
    const now = state.pods.get(podId)
    if (run !== undefined && now && now.incarnation > run) await sendEndOf(run, true)

    let last: { incarnation: number; status: string; updatedAt: number } | undefined
    const sendStatus = async (p: PodRecord) => {
      // Changes queued while the history was read may be older than the state already sent.
      if (last && (p.updatedAt < last.updatedAt || (last.incarnation === p.incarnation && last.status === p.status))) return
      if (last && p.incarnation > last.incarnation && !isTerminal(last.status as PodStatus))
        await sendSkippedEnds(last.incarnation, p)
      last = { incarnation: p.incarnation, status: p.status, updatedAt: p.updatedAt }
      await sink.send('status', statusView(p, state))
    }
    /** A new run began while the previous one was last seen running: say how that one ended. */
    const sendSkippedEnds = async (from: number, p: PodRecord) => {
      for (const end of await readEnds(from)) if (end.incarnation < p.incarnation) await sink.send('status', endView(end, p))
    }
    const first = state.pods.get(podId)
    if (first) await sendStatus(first)

    const handle = async (items: Item[]) => {
      for (const item of items) {
        if (item.kind === 'pod') {
          if (item.pod) await sendStatus(item.pod)
          continue
        }
        if (item.line.id !== undefined) {
          if (item.line.id <= lastId) continue
          lastId = item.line.id
        } else if (seen++ < skip) continue
        if (query.incarnation !== undefined && item.line.incarnation !== query.incarnation && item.line.incarnation >= 0) continue
        await sink.send('log', logLineView(item.line))
      }
    }

    while (!sink.aborted && !pump.closed) {
      const current = state.pods.get(podId)
      if (!current || !mayRunAgain(current, state)) {
        // Finished for good: take the last lines still on their way, then end.
        await handle(await pump.take(options.settleMs))
        if (!pump.overflowed) {
          const final = state.pods.get(podId)
          await sink.send('end', { status: final?.status ?? 'Deleted', incarnation: final?.incarnation ?? null })
        }
        break
      }
      const items = await pump.take(options.keepaliveMs)
      if (pump.overflowed) break
      if (items.length === 0 && !pump.closed) await sink.keepalive()
      await handle(items)
    }
    if (pump.overflowed)
      await sink.send('error', { code: 'too_slow', message: `more than ${options.maxPending} lines behind; reconnect` })
  } finally {
    offLines()
    offPod()
    pump.close()
  }
}
