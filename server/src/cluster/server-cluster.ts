/**
 * The composition root's part for running beside other servers: builds the cluster membership
 * (election, change feed, relay, registry) and gates the controllers with it. The controllers run
 * while this server leads, writing with its term; they stop when it loses the lead and are built
 * afresh if it leads again. With the embedded store there is one server, and it leads.
 */
import type { Clock, Logger, Rng } from '@stark/shared'
import type { AuthOps } from '../auth/auth-ops'
import type { SqlClient } from '../db/sql'
import type { ClusterView } from '../deps'
import { podAssignment } from '../pods/pod-assignment'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { EventBus } from '../state/event-bus'
import type { LogStore } from '../pods/log-store'
import { createLiveFeed } from './live-feed'
import { createPostgresListener } from './listener'
import type { NodeOps } from '../nodes/node-ops'
import { withCatchUp } from './report-catch-up'
import { applicationName } from './sessions'
import type { NodeConnections } from '../ws/node-connections'
import { createBeatWriter } from './beat-writer'
import { createCluster } from './cluster'
import { clusterTables } from './cluster-tables'
import type { TableReloader } from './read-back'

export interface ServerClusterDeps {
  db: SqlClient
  /** PostgreSQL shared with other servers; undefined for the embedded store or a database handed in (tests). */
  databaseUrl: string | undefined
  serverId: string
  version: string
  state: ClusterState
  writes: WriteQueue
  bus: EventBus
  logs: LogStore
  clock: Clock
  rng: Rng
  log: Logger
}

/** What this server needs from the rest of the composition, known once it is built. */
export interface ClusterHooks {
  /** This server's own node sockets. */
  connections: NodeConnections
  auth: AuthOps
  /** When this server last heard from a node it holds. */
  lastSeen(nodeId: string): number | undefined
  /** Builds and starts the controllers, writing with `term`. */
  lead(term: number): void
  /** Stops the controllers. */
  follow(): void
  /** Reloaders of what the application layer keeps in memory (cluster/ops-tables.ts). */
  tables?: Record<string, TableReloader>
}

export function createServerCluster(d: ServerClusterDeps) {
  const { state, log } = d
  let hooks: ClusterHooks | undefined
  const tables = clusterTables({ db: d.db, state, now: () => d.clock.now(), auth: () => hooks?.auth })
  const beats = d.databaseUrl
    ? createBeatWriter({
        db: d.db,
        state,
        lastSeen: (id) => hooks?.lastSeen(id),
        isHeld: (id) => hooks?.connections.isConnected(id) ?? false,
        clock: d.clock,
        log,
      })
    : undefined

  // One connection LISTENs for everything the other servers notify, opened again whenever it is lost.
  const listener = d.databaseUrl
    ? createPostgresListener({
        url: d.databaseUrl,
        applicationName: `${applicationName(d.serverId)}/listen`,
        clock: d.clock,
        rng: d.rng,
        log: log.child({ component: 'cluster' }),
      })
    : undefined

  const cluster = createCluster({
    db: d.db,
    databaseUrl: d.databaseUrl,
    ...(listener ? { listen: listener.listen } : {}),
    serverId: d.serverId,
    version: d.version,
    state,
    writes: d.writes,
    connections: () => hooks!.connections,
    assignment: (podId, nodeId) => {
      const pod = state.pods.get(podId)
      return pod && pod.nodeId === nodeId ? (podAssignment(pod, state) ?? null) : null
    },
    tables,
    async onLead(term) {
      hooks?.lead(term)
    },
    onDeposed(term) {
      hooks?.follow()
      log.warn('stopped the controllers: this server no longer leads', { term })
    },
    clock: d.clock,
    log,
  })

  const live = d.databaseUrl
    ? createLiveFeed({
        db: d.db,
        ...(listener ? { listen: listener.listen } : {}),
        origin: applicationName(d.serverId),
        bus: d.bus,
        logs: d.logs,
        log,
      })
    : undefined

  const view: ClusterView = {
    serverId: d.serverId,
    listening: () => listener?.stats,
    get isLeader() {
      return cluster.isLeader
    },
    servers: () => cluster.servers(),
  }

  return {
    /** This server's node connections, made to reach nodes held by other servers too. */
    relayed: cluster.relayed,
    /** The node operations, a report caught up with the database where memory disagrees with it. */
    catchingUp: (nodes: NodeOps): NodeOps =>
      d.databaseUrl ? withCatchUp(nodes, { state, readBack: (ids) => cluster.readBackPods(ids) }) : nodes,
    view,
    /** Joins the cluster once the server listens at `url`: follows the others and stands for election. */
    async start(url: string, h: ClusterHooks) {
      hooks = h
      Object.assign(tables, h.tables)
      beats?.start()
      await live?.start()
      await cluster.start(url)
    },
    async stop() {
      beats?.stop()
      await cluster.stop()
      await live?.stop()
      await listener?.stop()
    },
    /** Resolves when the other servers' changes received so far are applied. */
    idle: () => cluster.idle(),
  }
}

/** When a node last beat: here, or (held by another server) as that server wrote it. */
export function lastSeenAnywhere(state: ClusterState, here: (nodeId: string) => number | undefined) {
  return (nodeId: string): number | undefined => {
    const local = here(nodeId)
    const written = state.nodes.get(nodeId)?.lastHeartbeatAt ?? undefined
    return local === undefined ? written : written === undefined ? local : Math.max(local, written)
  }
}
