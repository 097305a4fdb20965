import type { Sql } from '../db/sql'
import { ms } from './convert'

export interface PriorityClassRecord {
  name: string
  value: number
  description: string | null
  createdAt: number
}

const toPriorityClass = (r: Record<string, unknown>): PriorityClassRecord => ({
  name: r.name as string,
  value: r.value as number,
  description: (r.description as string | null) ?? null,
  createdAt: ms(r.created_at),
})

export const priorityClassesRepo = {
  async list(sql: Sql): Promise<PriorityClassRecord[]> {
    return (await sql.query('select * from priority_classes order by name')).map(toPriorityClass)
  },
  /** Inserts a class; null when the name is taken. */
  async insert(sql: Sql, pc: PriorityClassRecord): Promise<PriorityClassRecord | null> {
    const rows = await sql.query(
      `insert into priority_classes (name, value, description, created_at) values ($1, $2, $3, $4)
       on conflict (name) do nothing returning *`,
      [pc.name, pc.value, pc.description, new Date(pc.createdAt)],
    )
    return rows[0] ? toPriorityClass(rows[0]) : null
  },
  /** Deletes a class; whether it existed. */
  async delete(sql: Sql, name: string): Promise<boolean> {
    return (await sql.query('delete from priority_classes where name = $1 returning name', [name])).length > 0
  },
}
