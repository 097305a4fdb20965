import type { Sql } from '../db/sql'

export const settingsRepo = {
  async get<T>(sql: Sql, key: string): Promise<T | undefined> {
    const rows = await sql.query<{ value: T }>('select value from settings where key = $1', [key])
    return rows[0]?.value
  },
  async set(sql: Sql, key: string, value: unknown): Promise<void> {
    await sql.query(
      `insert into settings (key, value) values ($1, $2::text::jsonb)
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    )
  },
  /** Reads `key`, or stores `make()` under it if absent; concurrent servers agree on one value. */
  async getOrCreate<T>(sql: Sql, key: string, make: () => T): Promise<T> {
    await sql.query('insert into settings (key, value) values ($1, $2::text::jsonb) on conflict (key) do nothing', [
      key,
      JSON.stringify(make()),
    ])
    return (await settingsRepo.get<T>(sql, key)) as T
  },
  /**
   * Claims `key` until `expiresAt` (ms): true when this call made the claim, false when it was
   * already held. Claims that expired are forgotten first. One statement, so two servers on one
   * database cannot both claim a key.
   */
  async claim(sql: Sql, key: string, expiresAt: number, now: number): Promise<boolean> {
    const prefix = key.slice(0, key.indexOf(':') + 1)
    await sql.query(
      `delete from settings where starts_with(key, $1)
         and case when jsonb_typeof(value) = 'number' then (value::text)::numeric <= $2 else false end`,
      [prefix, now],
    )
    const rows = await sql.query(
      'insert into settings (key, value) values ($1, $2::text::jsonb) on conflict (key) do nothing returning key',
      [key, JSON.stringify(expiresAt)],
    )
    return rows.length > 0
  },
  async release(sql: Sql, key: string): Promise<void> {
    await sql.query('delete from settings where key = $1', [key])
  },
}
