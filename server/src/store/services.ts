/**
 * Services: the repository and the record it reads and writes. Writes happen inside the write
 * queue's transaction (`tx.sql`), so a service change and the pod changes it causes commit together.
 */
import type { Labels, NodeAffinity, ResourceRequest, Toleration } from '@stark/shared'
import type { Sql } from '../db/sql'
import { json, ms, msOrNull } from './convert'

export type ServiceMode = 'replicas' | 'daemonset'

/** What every pod of a service is made with (besides its pack version). */
export interface ServiceTemplate {
  selector: Labels
  tolerations: Toleration[]
  affinity?: NodeAffinity
  resources: ResourceRequest
  priority: number
  priorityClass?: string
  env: Record<string, string>
  args: string[]
}

export interface ServiceRollout {
  /** The version pods are being moved off. */
  fromPackId: string
  /** Its template and the template's hash (absent in rollouts started before templates could change: the current one). */
  fromTemplateHash?: string
  fromTemplate?: ServiceTemplate
  startedAt: number
  /** True when this rollout is an automatic rollback. */
  rollback: boolean
}

export interface ServiceCondition {
  /** Available, Progressing, RolledBack, RolloutFailed, Paused, Deleting … */
  type: string
  reason: string
  message: string
  at: number
}

export interface ServiceRecord {
  id: string
  name: string
  namespace: string
  ownerId: string
  packId: string
  mode: ServiceMode
  /** Desired pods in replica mode (0 in DaemonSet mode). */
  replicas: number
  followLatest: boolean
  maxSurge: number
  maxUnavailable: number
  minReadySeconds: number
  template: ServiceTemplate
  /** The hash of `template` its pods carry ('' for a service whose template never changed since before hashes). */
  templateHash: string
  /** The service's labels; its pods carry them plus `stark.io/service=<name>`. */
  labels: Labels
  paused: boolean
  healthyPackId: string | null
  /** The template of the last healthy revision, with its hash (null with healthyPackId). */
  healthyTemplateHash: string | null
  healthyTemplate: ServiceTemplate | null
  failedPackId: string | null
  rollout: ServiceRollout | null
  condition: ServiceCondition | null
  generation: number
  createdAt: number
  updatedAt: number
  deletedAt: number | null
}

const toService = (r: Record<string, unknown>): ServiceRecord => {
  const condition = r.condition as Partial<ServiceCondition> | null
  return {
    id: r.id as string,
    name: r.name as string,
    namespace: r.namespace as string,
    ownerId: r.owner_id as string,
    packId: r.pack_id as string,
    mode: r.mode as ServiceMode,
    replicas: r.replicas as number,
    followLatest: r.follow_latest as boolean,
    maxSurge: r.max_surge as number,
    maxUnavailable: r.max_unavailable as number,
    minReadySeconds: r.min_ready_seconds as number,
    template: r.template as ServiceTemplate,
    templateHash: (r.template_hash as string | null | undefined) ?? '',
    labels: (r.labels as Labels | null) ?? {},
    paused: r.paused as boolean,
    healthyPackId: (r.healthy_pack_id as string | null) ?? null,
    healthyTemplateHash: (r.healthy_template_hash as string | null | undefined) ?? null,
    healthyTemplate: (r.healthy_template as ServiceTemplate | null | undefined) ?? null,
    failedPackId: (r.failed_pack_id as string | null) ?? null,
    rollout: (r.rollout as ServiceRollout | null) ?? null,
    condition: condition?.type !== undefined ? (condition as ServiceCondition) : null,
    generation: r.generation as number,
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    deletedAt: msOrNull(r.deleted_at),
  }
}

const date = (v: number | null) => (v === null ? null : new Date(v))

export const servicesRepo = {
  async list(sql: Sql): Promise<ServiceRecord[]> {
    return (await sql.query('select * from services order by namespace, name')).map(toService)
  },
  async get(sql: Sql, id: string): Promise<ServiceRecord | undefined> {
    const rows = await sql.query('select * from services where id = $1', [id])
    return rows[0] ? toService(rows[0]) : undefined
  },
  /** Inserts a service or overwrites every changeable field of an existing one (by id). */
  async upsert(sql: Sql, s: ServiceRecord): Promise<void> {
    await sql.query(
      `insert into services (id, name, namespace, owner_id, pack_id, mode, replicas, follow_latest, max_surge, max_unavailable,
         min_ready_seconds, template, paused, healthy_pack_id, failed_pack_id, rollout, condition, generation, created_at,
         updated_at, deleted_at, labels, template_hash, healthy_template_hash, healthy_template)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13, $14, $15, $16::text::jsonb, $17::text::jsonb,
         $18, $19, $20, $21, $22::text::jsonb, $23, $24, $25::text::jsonb)
       on conflict (id) do update set pack_id = excluded.pack_id, replicas = excluded.replicas,
         follow_latest = excluded.follow_latest, max_surge = excluded.max_surge, max_unavailable = excluded.max_unavailable,
         min_ready_seconds = excluded.min_ready_seconds, template = excluded.template, paused = excluded.paused,
         healthy_pack_id = excluded.healthy_pack_id, failed_pack_id = excluded.failed_pack_id, rollout = excluded.rollout,
         condition = excluded.condition, generation = excluded.generation, updated_at = excluded.updated_at,
         deleted_at = excluded.deleted_at, labels = excluded.labels, template_hash = excluded.template_hash,
         healthy_template_hash = excluded.healthy_template_hash, healthy_template = excluded.healthy_template`,
      [
        s.id,
        s.name,
        s.namespace,
        s.ownerId,
        s.packId,
        s.mode,
        s.replicas,
        s.followLatest,
        s.maxSurge,
        s.maxUnavailable,
        s.minReadySeconds,
        json(s.template),
        s.paused,
        s.healthyPackId,
        s.failedPackId,
        s.rollout === null ? null : json(s.rollout),
        json(s.condition ?? {}),
        s.generation,
        new Date(s.createdAt),
        new Date(s.updatedAt),
        date(s.deletedAt),
        json(s.labels),
        s.templateHash,
        s.healthyTemplateHash,
        s.healthyTemplate === null ? null : json(s.healthyTemplate),
      ],
    )
  },
  async delete(sql: Sql, id: string): Promise<void> {
    await sql.query('delete from services where id = $1', [id])
  },
}
