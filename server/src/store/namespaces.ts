import type { Sql } from '../db/sql'
import type { Quota } from '../namespaces/quota'
import { ms } from './convert'
import type { NamespaceRecord } from './records'

/** A namespace row with its quota (`{}` when it has none). */
export interface NamespaceRow extends NamespaceRecord {
  quota: Quota
}

const toNamespace = (r: Record<string, unknown>): NamespaceRow => ({
  name: r.name as string,
  ownerId: (r.owner_id as string | null) ?? null,
  quota: (r.quota as Quota | null) ?? {},
  createdAt: ms(r.created_at),
})

export const namespacesRepo = {
  async list(sql: Sql): Promise<NamespaceRow[]> {
    return (await sql.query('select * from namespaces order by name')).map(toNamespace)
  },
  async insert(sql: Sql, ns: { name: string; ownerId: string | null; quota?: Quota }): Promise<NamespaceRow | null> {
    const rows = await sql.query(
      'insert into namespaces (name, owner_id, quota) values ($1, $2, $3::text::jsonb) on conflict (name) do nothing returning *',
      [ns.name, ns.ownerId, JSON.stringify(ns.quota ?? {})],
    )
    return rows[0] ? toNamespace(rows[0]) : null
  },
  async setQuota(sql: Sql, name: string, quota: Quota): Promise<NamespaceRow | null> {
    const rows = await sql.query('update namespaces set quota = $2::text::jsonb where name = $1 returning *', [
      name,
      JSON.stringify(quota),
    ])
    return rows[0] ? toNamespace(rows[0]) : null
  },
  async delete(sql: Sql, name: string): Promise<void> {
    await sql.query('delete from namespaces where name = $1', [name])
  },
}
