/**
 * Another server's changes, read back into this server's memory. Pods and nodes are read inside
 * the write queue (`tx.observe`), so a read never lands on top of a newer change of this server;
 * other tables go to the handler registered for them (settings, users, services …), which reloads
 * its own rows. A resync reads every pod and node and hands every table handler a full reload.
 */
import type { Logger } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { TableChanges } from './change-feed'

/** Reloads the given keys of one table, or all of it when `keys` is undefined. */
export type TableReloader = (keys: readonly string[] | undefined) => Promise<void>

export interface ReadBackDeps {
  writes: WriteQueue
  state: ClusterState
  log: Logger
  /** Handlers for tables other than pods and nodes, by table name. */
  tables: Record<string, TableReloader>
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function createReadBack(deps: ReadBackDeps) {
  const { writes, state } = deps

  async function readRows(podIds: readonly string[] | undefined, nodeIds: readonly string[] | undefined) {
    await writes.run(async (tx) => {
      const pods = podIds === undefined ? await podsRepo.list(tx.sql) : await podsRepo.byIds(tx.sql, podIds)
      const nodes = nodeIds === undefined ? await nodesRepo.list(tx.sql) : await nodesRepo.byIds(tx.sql, nodeIds)
      const podsFound = new Set(pods.map((p) => p.id))
      const nodesFound = new Set(nodes.map((n) => n.id))
      const podsGone = (podIds ?? [...state.pods.keys()]).filter((id) => !podsFound.has(id) && state.pods.has(id))
      const nodesGone = (nodeIds ?? [...state.nodes.keys()]).filter((id) => !nodesFound.has(id) && state.nodes.has(id))
      tx.observe({
        pods: pods.filter((p) => !same(p, state.pods.get(p.id))),
        deletedPods: podsGone,
        nodes: nodes.filter((n) => !same(n, state.nodes.get(n.id))),
        deletedNodes: nodesGone,
      })
    })
  }

  return {
    async apply(changes: TableChanges): Promise<void> {
      const pods = changes.get('pods')
      const nodes = changes.get('nodes')
      if (pods || nodes) await readRows([...(pods ?? [])], [...(nodes ?? [])])
      for (const [table, keys] of changes) {
        if (table === 'pods' || table === 'nodes') continue
        const reload = deps.tables[table]
        if (reload) await reload([...keys])
      }
    },
    async resync(): Promise<void> {
      await readRows(undefined, undefined)
      for (const reload of Object.values(deps.tables)) await reload(undefined)
      deps.log.debug('resynced with the database', { pods: state.pods.size, nodes: state.nodes.size })
    },
  }
}

export type ReadBack = ReturnType<typeof createReadBack>
