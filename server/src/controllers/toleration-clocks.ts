/**
 * NoExecute toleration clocks: when a pod started to stay on a node under a NoExecute taint it
 * tolerates only for a while, per pod + node + taint. The clock keeps running while the taint
 * stays on the node, across evictions, new incarnations and server restarts (the rows live in
 * `toleration_clocks`): a toleration used up on a node keeps the pod off that node. A clock ends
 * when its taint leaves the node, or its pod or node is gone.
 */
import { formatTaint, type Taint } from '@stark/shared'
import { tolerationClockKey } from '../scheduler/toleration-clock-key'
import type { Tx } from '../state/write-queue'
import { countersRepo, type TolerationClockRow } from '../store/counters'

export interface TolerationClocks {
  /** A pod's clocks by `tolerationClockKey` (empty when none). */
  forPod(podId: string): ReadonlyMap<string, number>
  /** Starts a clock at `at` unless one runs (durable with the caller's write; kept here after its commit). */
  start(tx: Pick<Tx, 'sql' | 'after'>, podId: string, nodeId: string, taint: Taint, at: number): Promise<number>
  /** Every running clock. */
  all(): Iterable<TolerationClockRow>
  /** Ends the clocks for which `keep` is false (taint gone, pod or node gone). */
  prune(tx: Pick<Tx, 'sql' | 'after'>, keep: (row: TolerationClockRow) => boolean): Promise<void>
}

const EMPTY: ReadonlyMap<string, number> = new Map()

export function createTolerationClocks(initial: readonly TolerationClockRow[]): TolerationClocks {
  const byPod = new Map<string, Map<string, number>>()
  const rows = new Map<string, TolerationClockRow>()
  const remember = (r: TolerationClockRow) => {
    let m = byPod.get(r.podId)
    if (!m) byPod.set(r.podId, (m = new Map()))
    m.set(`${r.nodeId}/${r.taint}`, r.startedAt)
    rows.set(`${r.podId}|${r.nodeId}/${r.taint}`, r)
  }
  for (const r of initial) remember(r)
  return {
    forPod: (podId) => byPod.get(podId) ?? EMPTY,
    all: () => rows.values(),
    async start(tx, podId, nodeId, taint, at) {
      const running = byPod.get(podId)?.get(tolerationClockKey(nodeId, taint))
      if (running !== undefined) return running
      const row = await countersRepo.startTolerationClock(tx.sql, { podId, nodeId, taint: formatTaint(taint), startedAt: at })
      tx.after(() => remember(row))
      return row.startedAt
    },
    async prune(tx, keep) {
      const gone = [...rows.values()].filter((r) => !keep(r))
      if (gone.length === 0) return
      await countersRepo.endTolerationClocks(tx.sql, gone)
      tx.after(() => forget(gone))
    },
  }
  function forget(gone: readonly TolerationClockRow[]) {
    for (const r of gone) {
      rows.delete(`${r.podId}|${r.nodeId}/${r.taint}`)
      const m = byPod.get(r.podId)
      m?.delete(`${r.nodeId}/${r.taint}`)
      if (m && m.size === 0) byPod.delete(r.podId)
    }
  }
}
