import type { Sql } from '../db/sql'
import { ms } from './convert'
import type { PackRecord } from './records'

const toPack = (r: Record<string, unknown>): PackRecord => ({
  id: r.id as string,
  name: r.name as string,
  version: r.version as string,
  ownerId: r.owner_id as string,
  namespace: r.namespace as string,
  runtime: r.runtime as PackRecord['runtime'],
  visibility: r.visibility as PackRecord['visibility'],
  sha256: r.bundle_sha256 as string,
  size: r.size as number,
  description: (r.description as string | null) ?? null,
  createdAt: ms(r.created_at),
})

const PACK_COLUMNS = 'id, name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size, description, created_at'

export const packsRepo = {
  async list(sql: Sql): Promise<PackRecord[]> {
    return (await sql.query(`select ${PACK_COLUMNS} from packs order by name, created_at`)).map(toPack)
  },
  /** Stores the bundle (deduplicated by sha256) and the pack version; null if the version exists. */
  async insert(sql: Sql, p: Omit<PackRecord, 'id' | 'createdAt'>, bundle: Uint8Array): Promise<PackRecord | null> {
    await packsRepo.putBundle(sql, p.sha256, bundle)
    return packsRepo.insertVersion(sql, p)
  },
  /** Stores a bundle once per sha256 (a second upload of the same bytes is a no-op). */
  async putBundle(sql: Sql, sha256: string, bundle: Uint8Array): Promise<void> {
    await sql.query('insert into bundles (sha256, content, size) values ($1, $2, $3) on conflict (sha256) do nothing', [
      sha256,
      bundle,
      bundle.byteLength,
    ])
  },
  /** The pack version row, for a bundle already stored; null if the version exists. */
  async insertVersion(sql: Sql, p: Omit<PackRecord, 'id' | 'createdAt'>): Promise<PackRecord | null> {
    const rows = await sql.query(
      `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size, description)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (namespace, name, version) do nothing returning ${PACK_COLUMNS}`,
      [p.name, p.version, p.ownerId, p.namespace, p.runtime, p.visibility, p.sha256, p.size, p.description],
    )
    return rows[0] ? toPack(rows[0]) : null
  },
  /** Removes a bundle no pack version uses (one stored for an upload that then failed). */
  async dropUnusedBundle(sql: Sql, sha256: string): Promise<void> {
    await sql.query('delete from bundles where sha256 = $1 and not exists (select 1 from packs where bundle_sha256 = $1)', [
      sha256,
    ])
  },
  /** Pods and services of other namespaces that run (or ran, or may roll back to) a pack of `namespace`. */
  async usersElsewhere(sql: Sql, namespace: string): Promise<{ pods: number; services: number }> {
    const [row] = await sql.query<{ pods: number | string; services: number | string }>(
      `select
         (select count(*) from pods o join packs p on p.id = o.pack_id where p.namespace = $1 and o.namespace <> $1) as pods,
         (select count(*) from services s where s.namespace <> $1 and exists (select 1 from packs p where p.namespace = $1
            and p.id in (s.pack_id, s.healthy_pack_id, s.failed_pack_id))) as services`,
      [namespace],
    )
    return { pods: Number(row?.pods ?? 0), services: Number(row?.services ?? 0) }
  },
  /** Removes the pack versions of `namespace` and the bundles no other version uses; their ids. */
  async deleteInNamespace(sql: Sql, namespace: string): Promise<string[]> {
    const rows = await sql.query<{ id: string; bundle_sha256: string }>(
      'delete from packs where namespace = $1 returning id, bundle_sha256',
      [namespace],
    )
    const hashes = [...new Set(rows.map((r) => r.bundle_sha256))]
    if (hashes.length > 0)
      await sql.query(
        'delete from bundles b where b.sha256 = any($1::text[]) and not exists (select 1 from packs p where p.bundle_sha256 = b.sha256)',
        [hashes],
      )
    return rows.map((r) => r.id)
  },
  async bundle(sql: Sql, sha256: string): Promise<Uint8Array | null> {
    const rows = await sql.query<{ content: Uint8Array }>('select content from bundles where sha256 = $1', [sha256])
    return rows[0]?.content ?? null
  },
}
