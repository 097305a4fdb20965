/**
 * Row-level security as a client holding a user's JWT meets it (Supabase's PostgREST does exactly
 * this): `SET LOCAL ROLE` and `request.jwt.claims` inside a transaction. Expected failures run under
 * a SAVEPOINT so the transaction goes on.
 */
import type { Sql, SqlClient } from '../db/sql'

export type Claims = Record<string, unknown>

export interface Probe {
  /** Rows of a query that must succeed. */
  rows<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  /** A statement that may fail: its rows, or the SQLSTATE it failed with (the transaction goes on). */
  attempt(text: string, params?: unknown[]): Promise<{ ok: true; count: number } | { ok: false; code: string }>
}

export const DENIED = { ok: false, code: '42501' } // insufficient_privilege, and "new row violates row-level security policy"
export const NOTHING = { ok: true, count: 0 } // an UPDATE/DELETE whose USING clause matches no row

export function probe(tx: Sql): Probe {
  return {
    rows: (text, params) => tx.query(text, params),
    async attempt(text, params) {
      await tx.query('savepoint rls_attempt')
      try {
        const rows = await tx.query(text, params)
        await tx.query('release savepoint rls_attempt')
        return { ok: true, count: rows.length }
      } catch (error) {
        await tx.query('rollback to savepoint rls_attempt')
        return { ok: false, code: String((error as { code?: unknown }).code) }
      }
    },
  }
}

/**
 * Runs `fn` as a database role (default `authenticated`) with these JWT claims, then rolls back;
 * with `commit`, keeps what it did (an attacker's lasting change).
 */
export function runAs<T>(
  db: SqlClient,
  claims: Claims | null,
  fn: (q: Probe) => Promise<T>,
  options: { role?: string; commit?: boolean } = {},
): Promise<T> {
  return db
    .transaction(async (tx) => {
      await tx.exec(`set local role ${options.role ?? 'authenticated'}`)
      if (claims) await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)])
      const result = await fn(probe(tx))
      if (options.commit) return result
      throw Object.assign(new Error('rollback'), { result })
    })
    .catch((error: { message?: string; result?: T }) => {
      if (error.message === 'rollback') return error.result as T
      throw error
    })
}

export const names = async (q: Probe, table: string, column = 'name'): Promise<string[]> =>
  (await q.rows<{ v: string }>(`select ${column} as v from ${table} order by 1`)).map((r) => r.v)
