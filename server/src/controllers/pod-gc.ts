/**
 * Garbage collection: deleted pods are removed once they have stopped and stayed so for
 * `retainDeletedMs` (long enough to read their final status and logs).
 */
import { isTerminal, type Clock, type Logger } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'

export function createPodGc(deps: {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  retainDeletedMs?: number
  everyMs?: number
  /** Extra periodic housekeeping (log and event retention). */
  onSweep?: () => Promise<void>
}) {
  const retain = deps.retainDeletedMs ?? 5 * 60_000
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false

  async function sweep() {
    const now = deps.clock.now()
    const doomed = [...deps.state.pods.values()].filter(
      (p) => p.deletedAt !== null && isTerminal(p.status) && now - (p.finishedAt ?? p.deletedAt) >= retain,
    )
    if (doomed.length > 0) {
      await deps.writes
        .run((tx) => {
          for (const p of doomed) if (tx.pod(p.id)) tx.deletePod(p.id)
        })
        .catch((error: unknown) => deps.log.warn('pod gc failed', { error: String(error) }))
    }
    await deps.onSweep?.().catch((error: unknown) => deps.log.warn('housekeeping failed', { error: String(error) }))
  }

  function loop() {
    if (stopped) return
    timer = deps.clock.setTimeout(() => void sweep().finally(loop), deps.everyMs ?? 30_000)
  }
  return {
    sweep,
    start: loop,
    stop() {
      stopped = true
      timer?.cancel()
    },
  }
}
