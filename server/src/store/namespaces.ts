import type { Sql } from '../db/sql'
import { ms } from './convert'
import type { NamespaceRecord } from './records'

const toNamespace = (r: Record<string, unknown>): NamespaceRecord => ({
  name: r.name as string,
  ownerId: (r.owner_id as string | null) ?? null,
  createdAt: ms(r.created_at),
})

export const namespacesRepo = {
  async list(sql: Sql): Promise<NamespaceRecord[]> {
    return (await sql.query('select * from namespaces order by name')).map(toNamespace)
  },
  async insert(sql: Sql, ns: { name: string; ownerId: string | null }): Promise<NamespaceRecord | null> {
    const rows = await sql.query(
      'insert into namespaces (name, owner_id) values ($1, $2) on conflict (name) do nothing returning *',
      [ns.name, ns.ownerId],
    )
    return rows[0] ? toNamespace(rows[0]) : null
  },
  async delete(sql: Sql, name: string): Promise<void> {
    await sql.query('delete from namespaces where name = $1', [name])
  },
}
