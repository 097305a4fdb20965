import type { ClusterState } from './cluster-state'
import type { Tx } from './write-queue'

/**
 * Runs a write function against the current state without writing: tells whether it would change
 * anything (then it is worth a transaction) and keeps its after-commit actions (e.g. messages) so
 * a no-change run can still perform them. The function must not use `tx.sql`.
 */
export function dryRun(state: ClusterState, now: number, fn: (tx: Tx) => void): { dirty: boolean; runAfters(): void } {
  let dirty = false
  const afters: (() => void)[] = []
  const mark = () => void (dirty = true)
  const tx: Tx = {
    now,
    get sql(): never {
      throw new Error('dryRun: tx.sql is not available')
    },
    pod: (id) => state.pods.get(id),
    node: (id) => state.nodes.get(id),
    putPod: mark,
    deletePod: mark,
    putNode: mark,
    deleteNode: mark,
    history: () => {},
    event: () => {},
    after: (f) => void afters.push(f),
    observe: mark,
    holdsTerm: () => {
      throw new Error('dryRun: tx.holdsTerm is not available')
    },
  }
  fn(tx)
  return {
    dirty,
    runAfters() {
      for (const f of afters) f()
    },
  }
}
