/**
 * Reloaders for the tables kept in memory besides pods and nodes: when another server changes a
 * row, the matching in-memory copy is read again from the database (packs and users here; each
 * is small, so a change reloads the table).
 */
import type { Sql } from '../db/sql'
import type { ClusterState } from '../state/cluster-state'
import { nodeTokensRepo } from '../store/node-tokens'
import { packsRepo } from '../store/packs'
import type { SessionRecord } from '../store/records'
import { sessionsRepo, usersRepo } from '../store/users'
import type { TableReloader } from './read-back'

export interface ClusterTablesDeps {
  db: Sql
  state: ClusterState
  now(): number
  /** The auth service (built after the cluster): told of sessions, token generations and users changed elsewhere. */
  auth():
    | { reloaded(changes: { sessions?: readonly SessionRecord[]; generations?: ReadonlyMap<string, number> }): void }
    | undefined
}

const replaceAll = <T extends { id: string }>(map: Map<string, T>, rows: readonly T[]) => {
  const seen = new Set(rows.map((r) => r.id))
  for (const id of [...map.keys()]) if (!seen.has(id)) map.delete(id)
  for (const r of rows) map.set(r.id, r)
}

export function clusterTables(deps: ClusterTablesDeps): Record<string, TableReloader> {
  const { db, state } = deps
  return {
    packs: async () => replaceAll(state.packs, await packsRepo.list(db)),
    users: async () => {
      replaceAll(state.users, await usersRepo.list(db))
      deps.auth()?.reloaded({})
    },
    sessions: async () => deps.auth()?.reloaded({ sessions: await sessionsRepo.listActive(db, deps.now()) }),
    node_tokens: async () => deps.auth()?.reloaded({ generations: await nodeTokensRepo.list(db) }),
  }
}

/** Whether another server on this database has been seen in the last `withinMs`. */
export async function othersAlive(db: Sql, serverId: string, withinMs = 10_000): Promise<boolean> {
  const rows = await db.query(
    `select 1 from stark_servers where id <> $1 and last_seen_at > now() - make_interval(secs => $2) limit 1`,
    [serverId, withinMs / 1000],
  )
  return rows.length > 0
}
