/**
 * Heartbeat times of the nodes this server holds, written every `everyMs`: with several servers,
 * the leader's node-health controller sees a node held elsewhere only through the database.
 */
import type { Clock, Logger, Timer } from '@stark/shared'
import type { Sql } from '../db/sql'
import type { ClusterState } from '../state/cluster-state'
import { nodesRepo } from '../store/nodes'

export interface BeatWriterDeps {
  db: Sql
  state: ClusterState
  /** The last heartbeat this server received from a node it holds. */
  lastSeen(nodeId: string): number | undefined
  isHeld(nodeId: string): boolean
  clock: Clock
  log: Logger
  everyMs?: number
}

export function createBeatWriter(deps: BeatWriterDeps) {
  const everyMs = deps.everyMs ?? 2000
  const written = new Map<string, number>()
  let timer: Timer | undefined
  let stopped = true

  async function write() {
    const beats: { id: string; at: number }[] = []
    for (const id of deps.state.nodes.keys()) {
      const at = deps.lastSeen(id)
      if (at === undefined || !deps.isHeld(id) || written.get(id) === at) continue
      beats.push({ id, at })
    }
    if (beats.length === 0) return
    await nodesRepo.touchHeartbeats(deps.db, beats)
    for (const b of beats) written.set(b.id, b.at)
  }

  function loop() {
    if (stopped) return
    void write()
      .catch((error) => deps.log.warn('could not write heartbeat times', { error: String(error) }))
      .finally(() => {
        if (!stopped) timer = deps.clock.setTimeout(loop, everyMs)
      })
  }

  return {
    start() {
      stopped = false
      timer = deps.clock.setTimeout(loop, everyMs)
    },
    stop() {
      stopped = true
      timer?.cancel()
    },
  }
}
