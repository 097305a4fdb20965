/**
 * The controllers' durable counters (migration 20261206004000_durable_counters.sql): crash-loop
 * back-off per pod, NoExecute toleration clocks per pod + node + taint, and rollout failures per
 * service. Times are epoch milliseconds of the server's clock.
 */
import type { Sql } from '../db/sql'

export interface BackoffRow {
  podId: string
  /** Crashes in a row, counted for `incarnation`'s run. */
  crashes: number
  incarnation: number
  lastFailureAt: number
  restartAt: number
}

export interface TolerationClockRow {
  podId: string
  nodeId: string
  /** The taint as `key=value:Effect`. */
  taint: string
  startedAt: number
}

export interface RolloutFailureRow {
  serviceId: string
  /** The revision failing: its pack version and template hash. */
  packId: string
  templateHash: string
  failures: number
  last: string | null
}

const num = (v: unknown) => Number(v)

export const countersRepo = {
  /** Everything, for a server start; rows of pods or services that no longer exist are dropped first. */
  async load(sql: Sql): Promise<{ backoffs: BackoffRow[]; clocks: TolerationClockRow[]; rollouts: RolloutFailureRow[] }> {
    await sql.query('delete from pod_backoffs b where not exists (select 1 from pods p where p.id = b.pod_id)')
    await sql.query(
      'delete from toleration_clocks c where not exists (select 1 from pods p where p.id = c.pod_id) or not exists (select 1 from nodes n where n.id = c.node_id)',
    )
    await sql.query('delete from rollout_failures r where not exists (select 1 from services s where s.id = r.service_id)')
    const b = await sql.query<Record<string, unknown>>(
      'select pod_id, crashes, incarnation, last_failure_at, restart_at from pod_backoffs',
    )
    const c = await sql.query<Record<string, unknown>>('select pod_id, node_id, taint, started_at from toleration_clocks')
    const r = await sql.query<Record<string, unknown>>(
      'select service_id, pack_id, template_hash, failures, last_failure from rollout_failures',
    )
    return {
      backoffs: b.map((x) => ({
        podId: String(x.pod_id),
        crashes: num(x.crashes),
        incarnation: num(x.incarnation),
        lastFailureAt: num(x.last_failure_at),
        restartAt: num(x.restart_at),
      })),
      clocks: c.map((x) => ({
        podId: String(x.pod_id),
        nodeId: String(x.node_id),
        taint: String(x.taint),
        startedAt: num(x.started_at),
      })),
      rollouts: r.map((x) => ({
        serviceId: String(x.service_id),
        packId: String(x.pack_id),
        templateHash: String(x.template_hash ?? ''),
        failures: num(x.failures),
        last: x.last_failure === null ? null : String(x.last_failure),
      })),
    }
  },

  async putBackoff(sql: Sql, r: BackoffRow): Promise<void> {
    await sql.query(
      `insert into pod_backoffs (pod_id, crashes, incarnation, last_failure_at, restart_at) values ($1, $2, $3, $4, $5)
       on conflict (pod_id) do update set crashes = excluded.crashes, incarnation = excluded.incarnation,
         last_failure_at = excluded.last_failure_at, restart_at = excluded.restart_at`,
      [r.podId, r.crashes, r.incarnation, r.lastFailureAt, r.restartAt],
    )
  },

  async deleteBackoff(sql: Sql, podId: string): Promise<void> {
    await sql.query('delete from pod_backoffs where pod_id = $1', [podId])
  },

  /** Starts a clock unless one runs; returns the one that runs. */
  async startTolerationClock(sql: Sql, r: TolerationClockRow): Promise<TolerationClockRow> {
    await sql.query(
      'insert into toleration_clocks (pod_id, node_id, taint, started_at) values ($1, $2, $3, $4) on conflict do nothing',
      [r.podId, r.nodeId, r.taint, r.startedAt],
    )
    const rows = await sql.query<{ started_at: unknown }>(
      'select started_at from toleration_clocks where pod_id = $1 and node_id = $2 and taint = $3',
      [r.podId, r.nodeId, r.taint],
    )
    return { ...r, startedAt: rows[0] ? num(rows[0].started_at) : r.startedAt }
  },

  async endTolerationClocks(sql: Sql, rows: readonly TolerationClockRow[]): Promise<void> {
    for (const r of rows)
      await sql.query('delete from toleration_clocks where pod_id = $1 and node_id = $2 and taint = $3', [
        r.podId,
        r.nodeId,
        r.taint,
      ])
  },

  async putRolloutFailures(sql: Sql, r: RolloutFailureRow): Promise<void> {
    await sql.query(
      `insert into rollout_failures (service_id, pack_id, template_hash, failures, last_failure) values ($1, $2, $3, $4, $5)
       on conflict (service_id) do update set pack_id = excluded.pack_id, template_hash = excluded.template_hash,
         failures = excluded.failures, last_failure = excluded.last_failure`,
      [r.serviceId, r.packId, r.templateHash, r.failures, r.last],
    )
  },

  async deleteRolloutFailures(sql: Sql, serviceId: string): Promise<void> {
    await sql.query('delete from rollout_failures where service_id = $1', [serviceId])
  },
}
