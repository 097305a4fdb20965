/**
 * This server's part in a cluster of servers on one database: it registers itself, takes part in
 * the leader election, follows the other servers' changes and relays node messages. With the
 * embedded store (one process) it simply leads, and nothing is followed or relayed.
 *
 * The caller supplies what to do on taking the lead (start the scheduler and the controllers,
 * writing with the term: `writes.asLeader(term)`) and on losing it (stop them). Before `onLead`,
 * the memory is resynced with the database, so the new leader starts from every committed write.
 */
import type { Clock, Logger, PayloadInput } from '@stark/shared'
import type { SqlClient } from '../db/sql'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeConnections } from '../ws/node-connections'
import { createChangeFeed, RELAY_CHANNEL, type ChangeFeed } from './change-feed'
import { createLeaderElection } from './leader-election'
import { createReadBack, type TableReloader } from './read-back'
import { deliverRelayed, withRelay } from './relay'
import { createServerRegistry, type ServerInfo } from './server-registry'
import { applicationName, embeddedSession, openPostgresSession } from './sessions'

export interface ClusterDeps {
  db: SqlClient
  /** Set for PostgreSQL: the election and the change feed get their own connections to it. */
  databaseUrl?: string | undefined
  /** LISTEN on the change feed's channels (default: the query client's). */
  listen?: SqlClient['listen']
  serverId: string
  version: string
  state: ClusterState
  writes: WriteQueue
  /** This server's own node sockets (built after the cluster: read when used). */
  connections(): NodeConnections
  /** A pod's assignment as this server knows it (for a relayed pod:assign), or null. */
  assignment(podId: string, nodeId: string): PayloadInput<'pod:assign'>['pod'] | null
  /** Reloaders of tables other than pods and nodes. */
  tables: Record<string, TableReloader>
  onLead(term: number): Promise<void>
  onDeposed(term: number): void | Promise<void>
  clock: Clock
  log: Logger
  retryMs?: number
  heartbeatMs?: number
}

export function createCluster(deps: ClusterDeps) {
  const { db, clock } = deps
  const log = deps.log.child({ component: 'cluster' })
  const origin = applicationName(deps.serverId)
  const multi = deps.databaseUrl !== undefined
  let url = ''
  let term: number | undefined

  /** This server's node connections, made to reach nodes held by other servers too. */
  const relayed = (local: NodeConnections): NodeConnections =>
    multi
      ? withRelay(local, {
          origin,
          log,
          publish: async (m) => void (await db.query('select pg_notify($1, $2)', [RELAY_CHANNEL, JSON.stringify(m)])),
        })
      : local

  const readBack = createReadBack({ writes: deps.writes, state: deps.state, log, tables: deps.tables })
  const feed: ChangeFeed | undefined = multi
    ? createChangeFeed({
        listen: (channel, onNotify, onListen) => (deps.listen ?? db.listen)(channel, onNotify, onListen),
        origin,
        apply: (changes) => readBack.apply(changes),
        resync: () => readBack.resync(),
        relay: (m) => void deliverRelayed({ connections: deps.connections(), assignment: deps.assignment, log }, m),
        clock,
        log,
      })
    : undefined

  const registry = createServerRegistry({
    db,
    serverId: deps.serverId,
    url: () => url,
    version: deps.version,
    clock,
    log,
    term: () => term,
    intervalMs: deps.heartbeatMs ?? 2000,
  })

  const election = createLeaderElection({
    serverId: deps.serverId,
    solo: !multi,
    openSession: () =>
      deps.databaseUrl ? openPostgresSession(deps.databaseUrl, deps.serverId) : Promise.resolve(embeddedSession(db)),
    clock,
    log,
    retryMs: deps.retryMs ?? 1000,
    checkMs: deps.retryMs ?? 1000,
    async onElected(t) {
      term = t
      // Everything written before the term was bumped is in the database: read it, then lead.
      const t0 = clock.now()
      if (feed) await readBack.resync()
      await deps.writes.drain()
      const t1 = clock.now()
      await deps.onLead(t)
      log.info('took the lead', { term: t, resyncMs: t1 - t0, startMs: clock.now() - t1 })
      await registry.refresh()
    },
    async onDeposed(t) {
      term = undefined
      await deps.onDeposed(t)
      await registry.refresh()
    },
  })

  return {
    serverId: deps.serverId,
    origin,
    relayed,
    get term() {
      return term
    },
    get isLeader() {
      return term !== undefined
    },
    get feedStats() {
      return feed?.stats
    },
    /** Follows the other servers, registers this one at `serverUrl`, and joins the election. */
    async start(serverUrl: string) {
      url = serverUrl
      await feed?.start()
      await registry.start()
      await election.start()
    },
    async stop() {
      await election.stop()
      await feed?.stop()
      await registry.stop()
    },
    servers: (): Promise<ServerInfo[]> => registry.list(),
    /** Reads these pods' rows back into memory now (a node's report names runs another server gave out). */
    readBackPods: async (podIds: readonly string[]) => {
      if (feed) await readBack.apply(new Map([['pods', new Set(podIds)]]))
    },
    /** Resolves when the changes received so far are applied (tests). */
    idle: () => feed?.idle() ?? Promise.resolve(),
  }
}

export type Cluster = ReturnType<typeof createCluster>
