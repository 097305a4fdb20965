import type { Sql } from '../db/sql'

/** Node token generations (see supabase/migrations/…_node_tokens.sql): nodeId → current generation. */
export const nodeTokensRepo = {
  async list(sql: Sql): Promise<Map<string, number>> {
    const rows = await sql.query<{ node_id: string; generation: number }>('select node_id, generation from node_tokens')
    return new Map(rows.map((r) => [r.node_id, Number(r.generation)]))
  },
  /** Moves a node's generation on by one; returns the new generation. */
  async bump(sql: Sql, nodeId: string): Promise<number> {
    const rows = await sql.query<{ generation: number }>(
      `insert into node_tokens (node_id, generation) values ($1, 1)
       on conflict (node_id) do update set generation = node_tokens.generation + 1, rotated_at = now()
       returning generation`,
      [nodeId],
    )
    return Number(rows[0]!.generation)
  },
}
