import type { Sql } from '../db/sql'
import { ms, msOrNull } from './convert'
import type { Role, SessionRecord, UserRecord } from './records'

const toUser = (r: Record<string, unknown>): UserRecord => ({
  id: r.id as string,
  email: r.email as string,
  passwordHash: r.password_hash as string,
  role: r.role as Role,
  disabled: r.disabled as boolean,
  createdAt: ms(r.created_at),
})

const toSession = (r: Record<string, unknown>): SessionRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  refreshHash: r.refresh_hash as string,
  expiresAt: ms(r.expires_at),
  revokedAt: msOrNull(r.revoked_at),
})

export const usersRepo = {
  async list(sql: Sql): Promise<UserRecord[]> {
    return (await sql.query('select * from users order by created_at')).map(toUser)
  },
  /** Inserts only while no user exists (the first admin); returns null otherwise. */
  async insertFirst(sql: Sql, u: { email: string; passwordHash: string; role: Role }): Promise<UserRecord | null> {
    const rows = await sql.query(
      `insert into users (email, password_hash, role)
       select $1, $2, $3 where not exists (select 1 from users) returning *`,
      [u.email, u.passwordHash, u.role],
    )
    return rows[0] ? toUser(rows[0]) : null
  },
  async insert(sql: Sql, u: { email: string; passwordHash: string; role: Role }): Promise<UserRecord> {
    const rows = await sql.query('insert into users (email, password_hash, role) values ($1, $2, $3) returning *', [
      u.email,
      u.passwordHash,
      u.role,
    ])
    return toUser(rows[0]!)
  },
  async update(
    sql: Sql,
    id: string,
    patch: { role?: Role; disabled?: boolean; passwordHash?: string },
  ): Promise<UserRecord | null> {
    const rows = await sql.query(
      `update users set role = coalesce($2, role), disabled = coalesce($3, disabled),
         password_hash = coalesce($4, password_hash), updated_at = now() where id = $1 returning *`,
      [id, patch.role ?? null, patch.disabled ?? null, patch.passwordHash ?? null],
    )
    return rows[0] ? toUser(rows[0]) : null
  },
}

export const sessionsRepo = {
  async listActive(sql: Sql, now: number): Promise<SessionRecord[]> {
    return (await sql.query('select * from sessions where revoked_at is null and expires_at > $1', [new Date(now)])).map(
      toSession,
    )
  },
  async insert(sql: Sql, s: { userId: string; refreshHash: string; expiresAt: number }): Promise<SessionRecord> {
    const rows = await sql.query('insert into sessions (user_id, refresh_hash, expires_at) values ($1, $2, $3) returning *', [
      s.userId,
      s.refreshHash,
      new Date(s.expiresAt),
    ])
    return toSession(rows[0]!)
  },
  async rotate(sql: Sql, id: string, refreshHash: string, expiresAt: number): Promise<void> {
    await sql.query('update sessions set refresh_hash = $2, expires_at = $3 where id = $1', [
      id,
      refreshHash,
      new Date(expiresAt),
    ])
  },
  async revoke(sql: Sql, id: string, at: number): Promise<void> {
    await sql.query('update sessions set revoked_at = $2 where id = $1 and revoked_at is null', [id, new Date(at)])
  },
  async revokeForUser(sql: Sql, userId: string, at: number): Promise<void> {
    await sql.query('update sessions set revoked_at = $2 where user_id = $1 and revoked_at is null', [userId, new Date(at)])
  },
  async deleteExpired(sql: Sql, now: number): Promise<void> {
    await sql.query('delete from sessions where expires_at < $1 or revoked_at < $1', [new Date(now - 86_400_000)])
  },
}
