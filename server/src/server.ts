/**
 * The composition root, as a table of contents: open the database, then `compose/` builds the
 * store and state, the application layer, the controllers and the HTTP app; the server listens,
 * then the controllers start. `close()` undoes it in the reverse order.
 */
import { CLOSE_NODE_DELETED, realClock, type Clock, type Logger, type Rng } from '@stark/shared'
import type { Hono } from 'hono'
import { composeControllers, type Controllers } from './compose/controllers'
import { composeHttp } from './compose/http'
import { listen } from './compose/listen'
import { composeOps } from './compose/ops'
import { composeState, type Basics } from './compose/state'
import type { ServerConfig } from './config'
import { openServerDatabase, serverIdFor, type ServerDatabase } from './server-database'
import type { SqlClient } from './db/sql'
import type { ServerDeps } from './deps'
import { createRequestContext } from './http/request-context'
import { createLogger } from './logger'
import { createMetrics } from './metrics/metrics'
import { createServerCluster } from './cluster/server-cluster'
import { registerClusterMetrics } from './cluster/cluster-metrics'
import { opsTables } from './cluster/ops-tables'
import type { WeightedPlugin } from './scheduler/types'
import type { Tx } from './state/write-queue'
import type { PodRecord } from './store/records'

export const VERSION = '0.1.0'

export interface StartOptions {
  config: ServerConfig
  clock?: Clock
  rng?: Rng
  log?: Logger
  /** An already open database (tests), which the caller closes; otherwise opened from the config. */
  db?: SqlClient
  /** The database already opening for this server (`openServerDatabase`): the server takes it over and closes it. */
  database?: ServerDatabase
}

export interface RunningServer {
  url: string
  port: number
  deps: ServerDeps
  /** Every controller: started once the server listens; tests wait on `controllers.idle()`. */
  controllers: Controllers
  app: Hono
  /** Stops accepting work, closes sockets and the database. */
  close(): Promise<void>
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options
  const requestContext = createRequestContext()
  const log =
    options.log ??
    createLogger({ level: config.logLevel, pretty: config.logPretty, service: 'server', context: requestContext.fields })
  const database = options.db ? undefined : (options.database ?? openServerDatabase(config))
  const serverId = database?.serverId ?? serverIdFor(config)
  const db = options.db ?? (await database!.opened).db
  try {
    const basics: Basics = {
      config,
      db,
      clock: options.clock ?? realClock,
      rng: options.rng ?? Math.random,
      log,
      metrics: createMetrics({ processMetrics: true }),
      requestContext,
      serverId,
    }
    const state = await composeState(basics)
    // Several servers on one PostgreSQL: one leads (runs the controllers), all follow each other's changes.
    const databaseUrl = options.db ? undefined : config.databaseUrl
    const cluster = createServerCluster({ ...basics, ...state, databaseUrl, version: VERSION })
    registerClusterMetrics(basics.metrics.registry, { servers: () => cluster.view.servers(), now: () => basics.clock.now() })
    const applyPlugins = (plugins: readonly WeightedPlugin[]) => controllers.setPlugins(plugins)
    const placement = {
      place: (tx: Tx, pod: PodRecord) => controllers.placement.place(tx, pod),
      forget: (podId: string) => controllers.placement.forget(podId),
    }
    const ops = await composeOps({
      ...basics,
      ...state,
      applyPlugins,
      relayed: cluster.relayed,
      catchingUp: cluster.catchingUp,
      placement,
    })
    const controllers = composeControllers({
      ...basics,
      ...state,
      ops,
      disconnect: (id) => http.gateway.terminate(id),
      closeRemoved: (id) => ops.connections.close(id, CLOSE_NODE_DELETED, 'this node was removed after being Offline too long'),
    })
    const http = composeHttp({ ...basics, ...state, ops, controllers, version: VERSION, cluster: cluster.view })

    const server = await listen(http.app, config)
    http.injectWebSocket(server.server)
    await cluster.start(server.url, {
      connections: ops.localConnections,
      auth: ops.auth,
      lastSeen: (id) => ops.nodes.lastSeen(id),
      lead: (term) => controllers.start(term),
      follow: () => controllers.stop(),
      tables: opsTables({ ...ops, writes: state.writes, services: ops.services.store }),
    })
    log.info('listening', {
      url: server.url,
      engine: db.engine,
      nodes: state.state.nodes.size,
      pods: state.state.pods.size,
      ...(server.tlsFingerprint ? { tlsFingerprint: server.tlsFingerprint } : {}),
    })

    let closed = false
    return {
      url: server.url,
      port: server.port,
      deps: http.deps,
      controllers,
      app: http.app,
      async close() {
        if (closed) return
        closed = true
        await cluster.stop()
        controllers.stop()
        ops.close()
        http.stop()
        await server.close()
        await state.writes.drain()
        await state.logs.flush()
        await db.close()
      },
    }
  } catch (error) {
    if (!options.db) await db.close().catch(() => {})
    throw error
  }
}
