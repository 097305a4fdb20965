/**
 * The revisions a service was set to: a pack version and a template (migrations
 * 20261206004001_service_revisions.sql, 20261207210000_service_template_revisions.sql).
 */
import type { Sql } from '../db/sql'
import { json } from './convert'
import type { ServiceTemplate } from './services'

export interface ServiceRevision {
  packId: string
  templateHash: string
  template: ServiceTemplate
  /** Created, Updated, Rollback, RollbackRequested, FollowLatest. */
  reason: string
  at: number
}

/** Revisions kept per service (older ones are dropped as new ones come). */
export const MAX_REVISIONS = 50

export const serviceRevisionsRepo = {
  async add(sql: Sql, serviceId: string, r: ServiceRevision): Promise<void> {
    await sql.query(
      `insert into service_revisions (service_id, pack_id, reason, at, template_hash, template)
       values ($1, $2, $3, $4, $5, $6::text::jsonb)`,
      [serviceId, r.packId, r.reason, r.at, r.templateHash, json(r.template)],
    )
    await sql.query(
      `delete from service_revisions where service_id = $1 and id not in
         (select id from service_revisions where service_id = $1 order by id desc limit ${MAX_REVISIONS})`,
      [serviceId],
    )
  },
  /** Newest first. */
  async list(sql: Sql, serviceId: string): Promise<ServiceRevision[]> {
    const rows = await sql.query<Record<string, unknown>>(
      `select r.pack_id, r.reason, r.at, r.template_hash, coalesce(r.template, s.template) as template
         from service_revisions r left join services s on s.id = r.service_id where r.service_id = $1 order by r.id desc`,
      [serviceId],
    )
    return rows.map((r) => ({
      packId: String(r.pack_id),
      templateHash: String(r.template_hash ?? ''),
      template: r.template as ServiceTemplate,
      reason: String(r.reason),
      at: Number(r.at),
    }))
  },
  async deleteFor(sql: Sql, serviceId: string): Promise<void> {
    await sql.query('delete from service_revisions where service_id = $1', [serviceId])
  },
}
