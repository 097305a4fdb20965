/**
 * The servers running on this database (table `stark_servers`): each server writes its own row
 * at start, refreshes `last_seen_at` (and whether it leads) every `intervalMs`, and deletes it when
 * it stops. A server killed outright leaves its row behind, going stale; rows silent for longer than
 * `forgetAfterMs` are removed by whichever server leads.
 */
import type { Clock, Logger, Timer } from '@stark/shared'
import type { Sql } from '../db/sql'

export interface ServerInfo {
  id: string
  url: string
  version: string
  /** Whether this server holds the lead (the latest term is its). */
  leader: boolean
  term: number | null
  startedAt: string
  lastSeenAt: string
}

export interface ServerRegistryDeps {
  db: Sql
  serverId: string
  /** This server's address (known once it listens). */
  url(): string
  version: string
  clock: Clock
  log: Logger
  /** This server's current leader term, or undefined while it follows. */
  term(): number | undefined
  intervalMs?: number
  forgetAfterMs?: number
}

interface Row {
  id: string
  url: string
  version: string
  leader: boolean
  term: string | number | null
  started_at: Date
  last_seen_at: Date
}

const toInfo = (r: Row): ServerInfo => ({
  id: r.id,
  url: r.url,
  version: r.version,
  leader: r.leader,
  term: r.term === null ? null : Number(r.term),
  startedAt: new Date(r.started_at).toISOString(),
  lastSeenAt: new Date(r.last_seen_at).toISOString(),
})

/** Every server known to the database, the leader first. */
export async function listServers(db: Sql): Promise<ServerInfo[]> {
  const rows = await db.query<Row>(
    `select s.id, s.url, s.version, coalesce(s.id = l.server_id and s.term = l.term, false) as leader, s.term,
            s.started_at, s.last_seen_at
       from stark_servers s left join stark_leader l on l.id = 1
      order by leader desc, s.started_at, s.id`,
  )
  return rows.map(toInfo)
}

export function createServerRegistry(deps: ServerRegistryDeps) {
  const { db, clock, log } = deps
  const intervalMs = deps.intervalMs ?? 2000
  const forgetAfterMs = deps.forgetAfterMs ?? 24 * 3600_000
  let timer: Timer | undefined
  let stopped = true
  let beating: Promise<void> = Promise.resolve()

  async function beat() {
    const term = deps.term() ?? null
    await db.query(
      `insert into stark_servers (id, url, version, leader, term) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set url = excluded.url, version = excluded.version, leader = excluded.leader,
         term = excluded.term, last_seen_at = now()`,
      [deps.serverId, deps.url(), deps.version, term !== null, term],
    )
    if (term !== null) {
      await db.query(`delete from stark_servers where last_seen_at < now() - make_interval(secs => $1)`, [forgetAfterMs / 1000])
    }
  }

  function loop() {
    if (stopped) return
    beating = beat()
      .catch((error) => log.warn('server heartbeat failed', { error: String(error) }))
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(loop, intervalMs)
      })
  }

  return {
    async start() {
      stopped = false
      await beat()
      timer = clock.setTimeout(loop, intervalMs)
    },
    /** Writes this server's row now (after it took or lost the lead). */
    refresh: () => beat().catch((error) => log.warn('server heartbeat failed', { error: String(error) })),
    async stop() {
      stopped = true
      timer?.cancel()
      await beating
      await db.query('delete from stark_servers where id = $1', [deps.serverId]).catch(() => {})
    },
    list: () => listServers(db),
  }
}

export type ServerRegistry = ReturnType<typeof createServerRegistry>
