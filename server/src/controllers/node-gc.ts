/**
 * Removes nodes that have been Offline for too long: `afterMs` (default 24 h), or `browserAfterMs`
 * (default 1 h) for browser nodes — tabs and headless fleets come and go and rarely come back.
 * Removal is the same as `stark node delete` (node-removal.ts), recorded as NodeDeleted with
 * reason GarbageCollected. An agent that does come back later joins as a new node.
 */
import type { Clock, Logger } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord } from '../store/records'
import { removeNodeInTx } from '../nodes/node-removal'

export interface NodeGcOptions {
  afterMs: number
  browserAfterMs: number
  checkEveryMs: number
}

export const DEFAULT_NODE_GC: NodeGcOptions = { afterMs: 24 * 3_600_000, browserAfterMs: 3_600_000, checkEveryMs: 60_000 }

/** Pure: the nodes due for removal now. */
export function nodesToCollect(nodes: Iterable<NodeRecord>, now: number, o: NodeGcOptions): NodeRecord[] {
  return [...nodes].filter(
    (n) => n.status === 'Offline' && now - n.updatedAt >= (n.runtime === 'browser' ? o.browserAfterMs : o.afterMs),
  )
}

export interface NodeGcDeps {
  state: ClusterState
  writes: WriteQueue
  clock: Clock
  log: Logger
  /** Closes a removed node's socket, if it still has one. */
  disconnect(nodeId: string): void
  options?: Partial<NodeGcOptions>
}

export function createNodeGc(deps: NodeGcDeps) {
  const o = { ...DEFAULT_NODE_GC, ...deps.options }
  const { state, writes, clock, log } = deps
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false

  async function sweep(): Promise<number> {
    const due = nodesToCollect(state.nodes.values(), clock.now(), o)
    if (due.length === 0) return 0
    const removed = await writes
      .run((tx) => {
        const gone: string[] = []
        for (const n of due) {
          const current = tx.node(n.id)
          if (!current || nodesToCollect([current], tx.now, o).length === 0) continue
          const away = Math.round((tx.now - current.updatedAt) / 60_000)
          removeNodeInTx(tx, state, current, {
            reason: 'GarbageCollected',
            message: `node ${current.name} was Offline for ${away} min and is removed`,
          })
          gone.push(current.id)
        }
        return gone
      })
      .catch((error: unknown) => {
        log.warn('could not remove offline nodes', { error: String(error) })
        return [] as string[]
      })
    for (const id of removed) deps.disconnect(id)
    if (removed.length) log.info('removed offline nodes', { count: removed.length })
    return removed.length
  }

  function loop() {
    if (stopped) return
    timer = clock.setTimeout(() => void sweep().finally(loop), o.checkEveryMs)
  }

  return {
    options: o,
    sweep,
    start: loop,
    stop() {
      stopped = true
      timer?.cancel()
    },
  }
}
