import type { Sql } from '../db/sql'
import { json, ms, msOrNull } from './convert'
import type { PodRecord } from './records'

const toPod = (r: Record<string, unknown>): PodRecord => ({
  id: r.id as string,
  name: r.name as string,
  namespace: r.namespace as string,
  ownerId: r.owner_id as string,
  packId: r.pack_id as string,
  status: r.status as PodRecord['status'],
  reason: (r.reason as string | null) ?? null,
  message: (r.message as string | null) ?? null,
  nodeId: (r.node_id as string | null) ?? null,
  incarnation: r.incarnation as number,
  restarts: r.restarts as number,
  priority: r.priority as number,
  spec: r.spec as PodRecord['spec'],
  labels: (r.labels as PodRecord['labels'] | null) ?? {},
  exitCode: (r.exit_code as number | null) ?? null,
  createdAt: ms(r.created_at),
  updatedAt: ms(r.updated_at),
  scheduledAt: msOrNull(r.scheduled_at),
  startedAt: msOrNull(r.started_at),
  finishedAt: msOrNull(r.finished_at),
  deletedAt: msOrNull(r.deleted_at),
})

/** Epoch ms → seconds for to_timestamp(), keeping null. */
const sec = (v: number | null) => (v === null ? null : v / 1000)

export interface PodHistoryInput {
  podId: string
  incarnation: number
  status: string
  reason: string | null
  message: string | null
  nodeId: string | null
  at: number
}

/** A pod's run columns (what a binding or a status change writes), as the rows given to jsonb_to_recordset. */
const runColumns = (p: PodRecord) => ({
  id: p.id,
  status: p.status,
  reason: p.reason,
  message: p.message,
  node_id: p.nodeId,
  incarnation: p.incarnation,
  restarts: p.restarts,
  priority: p.priority,
  exit_code: p.exitCode,
  updated_at: sec(p.updatedAt),
  scheduled_at: sec(p.scheduledAt),
  started_at: sec(p.startedAt),
  finished_at: sec(p.finishedAt),
  deleted_at: sec(p.deletedAt),
})

export const podsRepo = {
  async list(sql: Sql): Promise<PodRecord[]> {
    return (await sql.query('select * from pods order by created_at')).map(toPod)
  },
  /** The pods with these ids that exist (another server's changes read back). */
  async byIds(sql: Sql, ids: readonly string[]): Promise<PodRecord[]> {
    if (ids.length === 0) return []
    return (
      await sql.query('select * from pods where id in (select jsonb_array_elements_text($1::text::jsonb)::uuid)', [
        JSON.stringify(ids),
      ])
    ).map(toPod)
  },
  /**
   * Locks the stored rows of the pods a write is based on (in id order, until the transaction
   * ends) and returns those another server changed since — a later run, or a later update — and
   * the ids of those it deleted.
   */
  async lockBases(sql: Sql, bases: readonly PodRecord[]): Promise<{ newer: PodRecord[]; gone: string[] }> {
    if (bases.length === 0) return { newer: [], gone: [] }
    const rows = bases.map((p) => ({ id: p.id, incarnation: p.incarnation, updated_at: sec(p.updatedAt) }))
    const locked = await sql.query(
      `select p.*, (p.incarnation > x.incarnation or p.updated_at > to_timestamp(x.updated_at) + interval '1 millisecond') as newer
         from pods p
         join jsonb_to_recordset($1::text::jsonb) as x(id uuid, incarnation integer, updated_at double precision) on p.id = x.id
        order by p.id
          for update of p`,
      [json(rows)],
    )
    const found = new Set(locked.map((r) => String(r.id)))
    return {
      newer: locked.filter((r) => r.newer === true).map(toPod),
      gone: bases.map((b) => b.id).filter((id) => !found.has(id)),
    }
  },
  /**
   * Writes many pods in one statement: new ones are inserted, known ones overwritten. The write
   * path batches every pod change of a tick into one call, which is what makes binding fast.
   */
  async upsertMany(sql: Sql, pods: readonly PodRecord[]): Promise<void> {
    if (pods.length === 0) return
    const rows = pods.map((p) => ({
      ...runColumns(p),
      name: p.name,
      namespace: p.namespace,
      owner_id: p.ownerId,
      pack_id: p.packId,
      spec: p.spec,
      labels: p.labels,
      created_at: sec(p.createdAt),
    }))
    await sql.query(
      `insert into pods (id, name, namespace, owner_id, pack_id, status, reason, message, node_id, incarnation, restarts,
         priority, spec, labels, exit_code, created_at, updated_at, scheduled_at, started_at, finished_at, deleted_at)
       select id, name, namespace, owner_id, pack_id, status, reason, message, node_id, incarnation, restarts,
         priority, spec, coalesce(labels, '{}'::jsonb), exit_code, to_timestamp(created_at), to_timestamp(updated_at), to_timestamp(scheduled_at),
         to_timestamp(started_at), to_timestamp(finished_at), to_timestamp(deleted_at)
       from jsonb_to_recordset($1::text::jsonb) as x(id uuid, name text, namespace text, owner_id uuid, pack_id uuid,
         status text, reason text, message text, node_id uuid, incarnation integer, restarts integer, priority integer,
         spec jsonb, labels jsonb, exit_code integer, created_at double precision, updated_at double precision,
         scheduled_at double precision, started_at double precision, finished_at double precision,
         deleted_at double precision)
       on conflict (id) do update set pack_id = excluded.pack_id, status = excluded.status, reason = excluded.reason, message = excluded.message,
         node_id = excluded.node_id, incarnation = excluded.incarnation, restarts = excluded.restarts,
         priority = excluded.priority, spec = excluded.spec, labels = excluded.labels, exit_code = excluded.exit_code,
         updated_at = excluded.updated_at, scheduled_at = excluded.scheduled_at, started_at = excluded.started_at,
         finished_at = excluded.finished_at, deleted_at = excluded.deleted_at`,
      [json(rows)],
    )
  },
  /**
   * Writes many known pods' run columns in one statement (status, node, incarnation, times…),
   * leaving name, owner, pack, spec and labels as they are: a binding or a status change rewrites
   * no spec. For pods whose stored row has those unchanged (the write path checks).
   */
  async updateRunsMany(sql: Sql, pods: readonly PodRecord[]): Promise<void> {
    if (pods.length === 0) return
    const rows = pods.map(runColumns)
    await sql.query(
      `update pods p set status = x.status, reason = x.reason, message = x.message, node_id = x.node_id,
         incarnation = x.incarnation, restarts = x.restarts, priority = x.priority, exit_code = x.exit_code,
         updated_at = to_timestamp(x.updated_at), scheduled_at = to_timestamp(x.scheduled_at),
         started_at = to_timestamp(x.started_at), finished_at = to_timestamp(x.finished_at),
         deleted_at = to_timestamp(x.deleted_at)
       from jsonb_to_recordset($1::text::jsonb) as x(id uuid, status text, reason text, message text, node_id uuid,
         incarnation integer, restarts integer, priority integer, exit_code integer, updated_at double precision,
         scheduled_at double precision, started_at double precision, finished_at double precision,
         deleted_at double precision)
       where p.id = x.id`,
      [json(rows)],
    )
  },
  /**
   * The write path's pod write: new pods, and pods whose identity, pack, spec or labels differ from
   * `stored` (the row as last written), are upserted whole; the others (bindings, status reports:
   * records replaced whole keep the same spec and labels objects) have only their run columns
   * updated, so no spec is rewritten.
   */
  async writeMany(sql: Sql, pods: readonly PodRecord[], stored: (id: string) => PodRecord | undefined): Promise<void> {
    const whole: PodRecord[] = []
    const runs: PodRecord[] = []
    for (const p of pods) {
      const base = stored(p.id)
      const same =
        base !== undefined &&
        base.spec === p.spec &&
        base.labels === p.labels &&
        base.packId === p.packId &&
        base.name === p.name &&
        base.namespace === p.namespace &&
        base.ownerId === p.ownerId &&
        base.createdAt === p.createdAt
      ;(same ? runs : whole).push(p)
    }
    // Both go out at once (in this order): one round trip on PostgreSQL.
    await Promise.all([podsRepo.upsertMany(sql, whole), podsRepo.updateRunsMany(sql, runs)])
  },
  async deleteMany(sql: Sql, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return
    await sql.query('delete from pods where id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))', [
      json(ids),
    ])
  },
  async insertHistory(sql: Sql, entries: readonly PodHistoryInput[]): Promise<void> {
    if (entries.length === 0) return
    await sql.query(
      `insert into pod_history (pod_id, incarnation, status, reason, message, node_id, at)
       select pod_id, incarnation, status, reason, message, node_id, to_timestamp(at / 1000.0)
       from jsonb_to_recordset($1::text::jsonb) as x(pod_id uuid, incarnation integer, status text, reason text,
         message text, node_id uuid, at double precision)`,
      [
        json(
          entries.map((e) => ({
            pod_id: e.podId,
            incarnation: e.incarnation,
            status: e.status,
            reason: e.reason,
            message: e.message,
            node_id: e.nodeId,
            at: e.at,
          })),
        ),
      ],
    )
  },
  async history(sql: Sql, podId: string): Promise<PodHistoryInput[]> {
    const rows = await sql.query(
      'select pod_id, incarnation, status, reason, message, node_id, at from pod_history where pod_id = $1 order by id',
      [podId],
    )
    return rows.map((r) => ({
      podId: r.pod_id as string,
      incarnation: r.incarnation as number,
      status: r.status as string,
      reason: (r.reason as string | null) ?? null,
      message: (r.message as string | null) ?? null,
      nodeId: (r.node_id as string | null) ?? null,
      at: ms(r.at),
    }))
  },
}
