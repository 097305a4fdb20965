/**
 * The HTTP app: REST, the WebSocket gateway at /ws, the PWA, and the metrics' scrape-time sources.
 * Nothing listens here (`compose/listen.ts` does); `injectWebSocket` hands the gateway the socket.
 */
import { createNodeWebSocket } from '@hono/node-ws'
import type { Hono } from 'hono'
import type { ClusterView, ServerDeps } from '../deps'
import { createApp } from '../http/app'
import { createClientAddress } from '../http/middleware/client-address'
import { only } from '../http/route-kit'
import { findWebDir } from '../http/routes/web'
import { createGateway } from '../ws/gateway'
import { createChangeLog } from '../http/watch/change-log'
import { startWatchSources } from '../http/watch/watch-sources'
import { createWatches } from '../http/watch/watch-stream'
import type { Controllers } from './controllers'
import type { ComposedOps } from './ops'
import type { Basics, ComposedState } from './state'

export interface HttpDeps extends Basics, ComposedState {
  ops: ComposedOps
  controllers: Controllers
  version: string
  cluster?: ClusterView
}

export function composeHttp(d: HttpDeps) {
  const { ops, controllers, db, clock, log } = d
  const { limits } = ops
  const changeLog = createChangeLog({ startedAt: clock.now(), window: limits.watchWindow })
  const stopWatchSources = startWatchSources({ state: d.state, services: ops.services, bus: d.bus, log: changeLog, clock })
  const deps: ServerDeps = {
    ...ops,
    db,
    state: d.state,
    writes: d.writes,
    bus: d.bus,
    logs: d.logs,
    usage: d.usage,
    metrics: d.metrics,
    nodeHealth: controllers.health,
    clientAddress: createClientAddress(d.config.trustedProxies ?? []),
    clock,
    rng: d.rng,
    log,
    version: d.version,
    ...(d.cluster ? { cluster: d.cluster } : {}),
    watches: createWatches(changeLog, { perCaller: limits.watchesPerCaller, heartbeatMs: limits.watchHeartbeatMs }),
  }
  // The WebSocket upgrade goes through the app, which is built after the gateway it mounts.
  const holder: { app?: Hono } = {}
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({
    app: { request: (...a: Parameters<Hono['request']>) => holder.app!.request(...a) } as Hono,
  })
  // Join tokens register nodes over the WebSocket only: the gateway gets a join-aware view of auth and nodes.
  const gateway = createGateway(
    {
      ...only(deps, 'bus', 'clock', 'lifecycle', 'limits', 'log', 'logs', 'state', 'writes'),
      auth: { ...ops.auth, authenticate: (t) => ops.joinTokens.authenticate(t) },
      nodes: ops.joinTokens.nodes(ops.nodes),
    },
    upgradeWebSocket,
    { pingIntervalMs: d.config.pingIntervalMs },
  )
  ;(wss.options as { maxPayload?: number }).maxPayload = gateway.maxPayload
  const webDir = findWebDir()
  if (!webDir) log.warn('the PWA is not built (npm run build -w browser-node): / serves nothing')
  const app = createApp(deps, gateway.handler, {
    joinTokens: ops.joinTokens,
    webDir,
    requestContext: d.requestContext,
    metricsToken: d.config.metricsToken,
  }) as unknown as Hono
  holder.app = app
  d.metrics.attach({
    state: d.state,
    usage: d.usage,
    now: () => clock.now(),
    lastSeen: (id) => ops.nodes.lastSeen(id),
    schedulerDepth: controllers.schedulerDepth,
    writeQueueDepth: () => d.writes.depth,
    websocket: () => gateway.stats,
    pingDatabase: async () => {
      const t0 = performance.now()
      const ok = await Promise.race([
        db.query('select 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
      ])
      return ok ? (performance.now() - t0) / 1000 : null
    },
    massOutage: () => controllers.health.massOutage(),
    version: d.version,
    engine: db.engine,
  })
  return {
    deps,
    app,
    gateway,
    injectWebSocket,
    /** Stops the gateway and cuts every socket. */
    stop() {
      stopWatchSources()
      gateway.stop()
      for (const c of wss.clients) c.terminate()
    },
  }
}
