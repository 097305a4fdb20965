import type { Sql } from '../db/sql'
import { json, ms, msOrNull } from './convert'
import type { NodeRecord } from './records'

const toNode = (r: Record<string, unknown>): NodeRecord => ({
  id: r.id as string,
  name: r.name as string,
  runtime: r.runtime as NodeRecord['runtime'],
  ownerId: (r.owner_id as string | null) ?? null,
  status: r.status as NodeRecord['status'],
  statusReason: (r.status_reason as string | null) ?? null,
  labels: r.labels as NodeRecord['labels'],
  taints: r.taints as NodeRecord['taints'],
  allocatable: r.allocatable as NodeRecord['allocatable'],
  unschedulable: r.unschedulable as boolean,
  trusted: r.trusted as boolean,
  agentVersion: (r.agent_version as string | null) ?? null,
  lastHeartbeatAt: msOrNull(r.last_heartbeat_at),
  connectedAt: msOrNull(r.connected_at),
  createdAt: ms(r.created_at),
  updatedAt: ms(r.updated_at),
})

const date = (v: number | null) => (v === null ? null : new Date(v))

export const nodesRepo = {
  async list(sql: Sql): Promise<NodeRecord[]> {
    return (await sql.query('select * from nodes order by name')).map(toNode)
  },
  /** The nodes with these ids that exist (another server's changes read back). */
  async byIds(sql: Sql, ids: readonly string[]): Promise<NodeRecord[]> {
    if (ids.length === 0) return []
    return (
      await sql.query('select * from nodes where id in (select jsonb_array_elements_text($1::text::jsonb)::uuid)', [
        JSON.stringify(ids),
      ])
    ).map(toNode)
  },
  /** Inserts a new node or overwrites every field of an existing one (by id). */
  async upsert(sql: Sql, n: NodeRecord): Promise<void> {
    await sql.query(
      `insert into nodes (id, name, runtime, owner_id, status, labels, taints, allocatable, unschedulable, trusted,
         agent_version, last_heartbeat_at, connected_at, created_at, updated_at, status_reason)
       values ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9, $10, $11, $12, $13, $14, $15, $16)
       on conflict (id) do update set name = excluded.name, runtime = excluded.runtime, owner_id = excluded.owner_id,
         status = excluded.status, labels = excluded.labels, taints = excluded.taints, allocatable = excluded.allocatable,
         unschedulable = excluded.unschedulable, trusted = excluded.trusted, agent_version = excluded.agent_version,
         last_heartbeat_at = greatest(nodes.last_heartbeat_at, excluded.last_heartbeat_at), connected_at = excluded.connected_at, updated_at = excluded.updated_at,
         status_reason = excluded.status_reason`,
      [
        n.id,
        n.name,
        n.runtime,
        n.ownerId,
        n.status,
        json(n.labels),
        json(n.taints),
        json(n.allocatable),
        n.unschedulable,
        n.trusted,
        n.agentVersion,
        date(n.lastHeartbeatAt),
        date(n.connectedAt),
        new Date(n.createdAt),
        new Date(n.updatedAt),
        n.statusReason ?? null,
      ],
    )
  },
  /** Heartbeats are kept in memory and written here in batches. */
  async touchHeartbeats(sql: Sql, beats: { id: string; at: number }[]): Promise<void> {
    if (beats.length === 0) return
    await sql.query(
      `update nodes set last_heartbeat_at = to_timestamp(b.at / 1000.0)
       from jsonb_to_recordset($1::text::jsonb) as b(id uuid, at double precision) where nodes.id = b.id`,
      [json(beats)],
    )
  },
  async delete(sql: Sql, id: string): Promise<void> {
    await sql.query('delete from nodes where id = $1', [id])
  },
}
