/** The versions a service was set to (migration 20261206004001_service_revisions.sql). */
import type { Sql } from '../db/sql'

export interface ServiceRevision {
  packId: string
  /** Created, Updated, Rollback, RollbackRequested, FollowLatest. */
  reason: string
  at: number
}

/** Revisions kept per service (older ones are dropped as new ones come). */
export const MAX_REVISIONS = 50

export const serviceRevisionsRepo = {
  async add(sql: Sql, serviceId: string, r: ServiceRevision): Promise<void> {
    await sql.query('insert into service_revisions (service_id, pack_id, reason, at) values ($1, $2, $3, $4)', [
      serviceId,
      r.packId,
      r.reason,
      r.at,
    ])
    await sql.query(
      `delete from service_revisions where service_id = $1 and id not in
         (select id from service_revisions where service_id = $1 order by id desc limit ${MAX_REVISIONS})`,
      [serviceId],
    )
  },
  /** Newest first. */
  async list(sql: Sql, serviceId: string): Promise<ServiceRevision[]> {
    const rows = await sql.query<Record<string, unknown>>(
      'select pack_id, reason, at from service_revisions where service_id = $1 order by id desc',
      [serviceId],
    )
    return rows.map((r) => ({ packId: String(r.pack_id), reason: String(r.reason), at: Number(r.at) }))
  },
  async deleteFor(sql: Sql, serviceId: string): Promise<void> {
    await sql.query('delete from service_revisions where service_id = $1', [serviceId])
  },
}
