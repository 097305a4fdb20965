import type { Sql } from '../db/sql'
import { ms } from './convert'

/** A secret as stored: the values only sealed (see secrets/secret-box.ts). */
export interface SecretRecord {
  id: string
  namespace: string
  name: string
  ownerId: string
  keys: string[]
  ciphertext: Uint8Array
  keyId: string
  createdAt: number
}

const toSecret = (r: Record<string, unknown>): SecretRecord => ({
  id: r.id as string,
  namespace: r.namespace as string,
  name: r.name as string,
  ownerId: r.owner_id as string,
  keys: (r.keys as string[] | null) ?? [],
  ciphertext: r.ciphertext as Uint8Array,
  keyId: r.key_id as string,
  createdAt: ms(r.created_at),
})

export const secretsRepo = {
  async list(sql: Sql): Promise<SecretRecord[]> {
    return (await sql.query('select * from secrets order by namespace, name')).map(toSecret)
  },
  async insert(sql: Sql, s: Omit<SecretRecord, 'id' | 'createdAt'>): Promise<SecretRecord | null> {
    const rows = await sql.query(
      `insert into secrets (namespace, name, owner_id, keys, ciphertext, key_id) values ($1, $2, $3, $4::text::jsonb, $5, $6)
       on conflict (namespace, name) do nothing returning *`,
      [s.namespace, s.name, s.ownerId, JSON.stringify(s.keys), s.ciphertext, s.keyId],
    )
    return rows[0] ? toSecret(rows[0]) : null
  },
  async replace(sql: Sql, id: string, s: Pick<SecretRecord, 'keys' | 'ciphertext' | 'keyId'>): Promise<SecretRecord | null> {
    const rows = await sql.query(
      'update secrets set keys = $2::text::jsonb, ciphertext = $3, key_id = $4 where id = $1 returning *',
      [id, JSON.stringify(s.keys), s.ciphertext, s.keyId],
    )
    return rows[0] ? toSecret(rows[0]) : null
  },
  async delete(sql: Sql, id: string): Promise<void> {
    await sql.query('delete from secrets where id = $1', [id])
  },
}
