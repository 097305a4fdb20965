/**
 * The composition root's part for running beside other servers: builds the cluster membership
 * (election, change feed, relay, registry) and the leader's duties. The scheduler and the
 * controllers are built for one term and run on the leader only; a server that loses the lead
 * stops them, keeps serving the API and its nodes, and stands for election again only after a
 * restart (with the embedded store there is one server, and it leads until it stops).
 */
import type { Clock, Logger } from '@stark/shared'
import type { AuthOps } from '../auth/auth-ops'
import type { SqlClient } from '../db/sql'
import type { ClusterView } from '../deps'
import { podAssignment } from '../pods/pod-assignment'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeConnections } from '../ws/node-connections'
import { createBeatWriter } from './beat-writer'
import { createCluster } from './cluster'
import { clusterTables } from './cluster-tables'

export interface ServerClusterDeps {
  db: SqlClient
  /** PostgreSQL shared with other servers; undefined for the embedded store or a database handed in (tests). */
  databaseUrl: string | undefined
  serverId: string
  version: string
  state: ClusterState
  writes: WriteQueue
  localConnections: NodeConnections
  /** The auth ops (built later): told of sessions, token generations and users changed elsewhere. */
  auth(): AuthOps | undefined
  clock: Clock
  log: Logger
}

/** What the leader runs: started on taking the lead, stopped on losing it or at close. */
export interface Duty {
  start(): void
  stop(): void
}

export function createServerCluster(d: ServerClusterDeps) {
  const { state, log } = d
  let duties: ((term: number) => Duty[]) | undefined
  let running: Duty[] = []
  let led = false
  let closing = false
  let beats: Duty | undefined

  const cluster = createCluster({
    db: d.db,
    databaseUrl: d.databaseUrl,
    serverId: d.serverId,
    version: d.version,
    state,
    writes: d.writes,
    connections: d.localConnections,
    assignment: (podId, nodeId) => {
      const pod = state.pods.get(podId)
      return pod && pod.nodeId === nodeId ? (podAssignment(pod, state) ?? null) : null
    },
    tables: clusterTables({ db: d.db, state, now: () => d.clock.now(), auth: d.auth }),
    async onLead(term) {
      if (led || !duties) return
      led = true
      running = duties(term)
      for (const duty of running) duty.start()
    },
    onDeposed() {
      for (const duty of running.splice(0)) duty.stop()
      if (d.databaseUrl && !closing) {
        log.error(
          'this server lost the lead; it keeps serving the API and its nodes, but stands for election again only after a restart',
        )
        void cluster.retire()
      }
    },
    clock: d.clock,
    log,
  })

  const view: ClusterView = {
    serverId: d.serverId,
    get isLeader() {
      return cluster.isLeader
    },
    servers: () => cluster.servers(),
  }

  return {
    /** Node connections that reach nodes held by other servers too. */
    connections: cluster.connections,
    /** Writes of the controllers: fenced by the leader's term. */
    leaderWrites: cluster.leaderWrites,
    view,
    /**
     * Joins the cluster: `leaderDuties` builds what runs while this server leads. Heartbeat times
     * of the nodes this server holds are written for the leader to see (`lastSeen`).
     */
    async start(url: string, leaderDuties: (term: number) => Duty[], lastSeen: (nodeId: string) => number | undefined) {
      duties = leaderDuties
      if (d.databaseUrl) {
        beats = createBeatWriter({
          db: d.db,
          state,
          lastSeen,
          isHeld: (id) => d.localConnections.isConnected(id),
          clock: d.clock,
          log,
        })
        beats.start()
      }
      await cluster.start(url)
    },
    async stop() {
      closing = true
      beats?.stop()
      await cluster.stop()
      for (const duty of running.splice(0)) duty.stop()
    },
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
