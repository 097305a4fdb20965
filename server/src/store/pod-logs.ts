import type { Sql } from '../db/sql'
import { json, ms } from './convert'
import type { LogRecord } from './records'

export interface LogQuery {
  podId: string
  incarnation?: number
  since?: number
  afterId?: number
  /** Lines with ids up to this one only. */
  upTo?: number
  tail?: number
}

/** The ids lines of one pod were stored under (for other servers following that pod). */
export interface StoredRange {
  podId: string
  from: number
  to: number
}

export const podLogsRepo = {
  /** Stores lines in one statement; returns the id range of each pod's lines. */
  async insertMany(sql: Sql, lines: readonly LogRecord[]): Promise<StoredRange[]> {
    if (lines.length === 0) return []
    const rows = await sql.query<{ pod_id: string; first: number; last: number }>(
      `with stored as (
         insert into pod_logs (pod_id, incarnation, ts, stream, line)
         select pod_id, incarnation, to_timestamp(ts / 1000.0), stream, line
         from jsonb_to_recordset($1::text::jsonb) as x(pod_id uuid, incarnation integer, ts double precision,
           stream text, line text, ord integer)
         order by ord
         returning pod_id, id)
       select pod_id::text, min(id)::float8 as first, max(id)::float8 as last from stored group by pod_id`,
      [
        json(
          lines.map((l, ord) => ({ ord, pod_id: l.podId, incarnation: l.incarnation, ts: l.ts, stream: l.stream, line: l.line })),
        ),
      ],
    )
    return rows.map((r) => ({ podId: r.pod_id, from: Number(r.first), to: Number(r.last) }))
  },
  /** Lines of one pod stored under ids in [from, to], at most `limit`, oldest first. */
  async range(sql: Sql, r: StoredRange, limit: number): Promise<(LogRecord & { id: number })[]> {
    return podLogsRepo.read(sql, { podId: r.podId, afterId: r.from - 1, tail: limit, upTo: r.to })
  },
  async podExists(sql: Sql, podId: string): Promise<boolean> {
    return (await sql.query('select 1 from pods where id = $1', [podId])).length > 0
  },
  async read(sql: Sql, q: LogQuery): Promise<(LogRecord & { id: number })[]> {
    const params: unknown[] = [q.podId]
    const where = ['pod_id = $1']
    if (q.incarnation !== undefined) where.push(`incarnation = $${params.push(q.incarnation)}`)
    if (q.since !== undefined) where.push(`ts >= $${params.push(new Date(q.since))}`)
    if (q.afterId !== undefined) where.push(`id > $${params.push(q.afterId)}`)
    if (q.upTo !== undefined) where.push(`id <= $${params.push(q.upTo)}`)
    const limit = q.tail ?? 10_000
    params.push(limit)
    const rows = await sql.query(
      `select * from (select id::float8 as id, pod_id, incarnation, ts, stream, line from pod_logs
         where ${where.join(' and ')} order by id desc limit $${params.length}) l order by id`,
      params,
    )
    return rows.map((r) => ({
      id: Number(r.id),
      podId: r.pod_id as string,
      incarnation: r.incarnation as number,
      ts: ms(r.ts),
      stream: r.stream as LogRecord['stream'],
      line: r.line as string,
    }))
  },
  /**
   * Keeps the newest `keepPerPod` lines of each pod, none older than `before`, and (when given)
   * only the newest lines of each pod whose text adds up to at most `keepBytesPerPod` bytes.
   */
  async prune(sql: Sql, before: number, keepPerPod: number, keepBytesPerPod?: number): Promise<void> {
    await sql.query('delete from pod_logs where ts < $1', [new Date(before)])
    await sql.query(
      `delete from pod_logs where id in (
         select id from (select id, row_number() over (partition by pod_id order by id desc) as rn from pod_logs) r
         where r.rn > $1)`,
      [keepPerPod],
    )
    if (keepBytesPerPod === undefined) return
    await sql.query(
      `delete from pod_logs where id in (
         select id from (select id, sum(octet_length(line)) over (partition by pod_id order by id desc) as total from pod_logs) r
         where r.total > $1)`,
      [keepBytesPerPod],
    )
  },
}
