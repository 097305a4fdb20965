/**
 * The composition root: opens the database, loads the working set, builds every service with
 * real dependencies, starts the scheduler and controllers, and serves HTTP + WebSocket.
 */
import { randomUUID } from 'node:crypto'
import { serve, type ServerType } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import type { Hono } from 'hono'
import { realClock, type Clock, type Logger, type Rng } from '@stark/shared'
import { createAuthService } from './auth/auth-service'
import { createTokenService } from './auth/tokens'
import type { ServerConfig } from './config'
import { createNodeHealthController } from './controllers/node-health'
import { createPodGc } from './controllers/pod-gc'
import { createNoExecuteController } from './controllers/no-execute'
import { wireServices } from './services/wiring'
import { createPriorityClassService } from './priority-classes/priority-class-service'
import { priorityClassesRepo } from './store/priority-classes'
import type { PodRecord } from './store/records'
import { openDatabase } from './db/open-database'
import type { SqlClient } from './db/sql'
import { DEFAULT_LIMITS, type ServerDeps } from './deps'
import { createApp } from './http/app'
import { findWebDir } from './http/routes/web'
import { createJoinTokens } from './auth/join-tokens'
import { createLogger } from './logger'
import { createNodeService } from './nodes/node-service'
import { createPackService } from './packs/pack-service'
import { createLogStore, DEFAULT_LOG_STORE } from './pods/log-store'
import { podAssignment } from './pods/pod-assignment'
import { createPodService } from './pods/pod-service'
import { createSchedulerCache } from './scheduler/cache'
import { defaultPlugins, parseSchedulerProfile } from './scheduler/registry'
import { createSchedulingLoop } from './scheduler/scheduling-loop'
import { createClusterState } from './state/cluster-state'
import { createEventBus } from './state/event-bus'
import { createWriteQueue } from './state/write-queue'
import { eventsRepo } from './store/events'
import { namespacesRepo } from './store/namespaces'
import { nodesRepo } from './store/nodes'
import { packsRepo } from './store/packs'
import { podsRepo } from './store/pods'
import { settingsRepo } from './store/settings'
import { sessionsRepo, usersRepo } from './store/users'
import { createGateway } from './ws/gateway'
import { createRequestContext } from './http/request-context'
import { createMetrics } from './metrics/metrics'
import { createUsageStore } from './metrics/usage-store'
import { createNodeConnections } from './ws/node-connections'
import { randomBytes } from 'node:crypto'

export const VERSION = '0.1.0'

export interface StartOptions {
  config: ServerConfig
  clock?: Clock
  rng?: Rng
  log?: Logger
  /** An already open database (tests); otherwise opened from the config. */
  db?: SqlClient
}

export interface RunningServer {
  url: string
  port: number
  deps: ServerDeps
  app: Hono
  /** Stops accepting work, closes sockets and the database. */
  close(): Promise<void>
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options
  const clock = options.clock ?? realClock
  const rng = options.rng ?? Math.random
  const requestContext = createRequestContext()
  const log = options.log ?? createLogger({ level: config.logLevel, pretty: config.logPretty, service: 'server', context: requestContext.fields })
  const metrics = createMetrics({ processMetrics: true })
  const limits = { ...DEFAULT_LIMITS, ...config.limits }

  const db = options.db ?? (await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })).db
  try {
    const [users, sessions, packs, nodes, pods, priorityClasses, storedProfile] = await Promise.all([
      usersRepo.list(db),
      sessionsRepo.listActive(db, clock.now()),
      packsRepo.list(db),
      nodesRepo.list(db),
      podsRepo.list(db),
      priorityClassesRepo.list(db),
      settingsRepo.get<unknown>(db, 'scheduler.profile'),
    ])
    // The scoring profile: STARK_SCHEDULER_PROFILE / config first, then the cluster setting.
    const schedulerPlugins = defaultPlugins(parseSchedulerProfile(config.schedulerProfile || storedProfile))
    await namespacesRepo.list(db)
    const jwtSecret = await settingsRepo.getOrCreate(db, 'jwt_secret', () => randomBytes(48).toString('base64url'))

    // Nodes are not connected yet after a (re)start: they are NotReady until they come back.
    const now = clock.now()
    const loadedNodes = nodes.map((n) => (n.status === 'Ready' ? { ...n, status: 'NotReady' as const, connectedAt: null, updatedAt: now } : n))

    const state = createClusterState({ users, packs, nodes: loadedNodes, pods })
    const bus = createEventBus()
    const writes = createWriteQueue({
      db,
      state,
      bus,
      clock,
      log,
      // A batch runs outside the request that happened to schedule it (its logs are not that request's).
      defer: (fn) => requestContext.detached(() => void setImmediate(fn)),
      correlationId: requestContext.requestId,
      onCommit: (c) => metrics.commit(c),
    })
    bus.subscribe((e) => metrics.event(e))
    const usage = createUsageStore(state, clock, { staleAfterMs: 3 * (config.heartbeatIntervalMs + 1000) })
    const connections = createNodeConnections()
    const tokens = createTokenService(jwtSecret, clock)
    const auth = createAuthService({ queue: writes, state, tokens, clock, sessions })
    const newId = () => randomUUID()
    const logs = createLogStore(db, clock, log, {
      ...DEFAULT_LOG_STORE,
      maxLinesPerSecond: config.retention.podLogsMaxLinesPerSecond,
      keepPerPod: config.retention.podLogsMaxLines,
      keepBytesPerPod: config.retention.podLogsMaxBytes,
      keepMs: config.retention.podLogsMaxAgeMs,
    })
    const nodeService = createNodeService({
      writes,
      state,
      connections,
      issueNodeToken: (id) => auth.issueNodeToken(id),
      clock,
      rng,
      log,
      newId,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      stopGracePeriodMs: config.stopGracePeriodMs,
      onHeartbeat: (nodeId, beat) => {
        metrics.heartbeat(nodeId, clock.now())
        usage.record(nodeId, beat.usage ?? [])
      },
    })
    const priorityClassService = createPriorityClassService({ writes, initial: priorityClasses })
    // Services, crash-loop restarts and pod rollback (services/wiring.ts).
    const wired = await wireServices({
      db,
      state,
      writes,
      bus,
      logs,
      pods: () => deps.pods,
      resolvePriorityClass: (name) => priorityClassService.resolve(name),
      plugins: schedulerPlugins,
      connections,
      clock,
      rng,
      log,
      newId,
      stopGracePeriodMs: config.stopGracePeriodMs,
    })
    const deps: ServerDeps = {
      services: wired.services,
      podRollback: wired.podRollback,
      db,
      state,
      writes,
      bus,
      auth,
      pods: createPodService({
        writes,
        state,
        connections,
        rng,
        newId,
        stopGracePeriodMs: config.stopGracePeriodMs,
        resolvePriorityClass: (name) => priorityClassService.resolve(name),
      }),
      priorityClasses: priorityClassService,
      nodes: nodeService,
      packs: createPackService({ writes, state, db, maxBundleBytes: limits.maxBundleBytes }),
      logs,
      connections,
      clock,
      rng,
      log,
      limits,
      version: VERSION,
      usage,
      metrics,
    }
    if (loadedNodes.some((n, i) => n !== nodes[i])) {
      await writes.run((tx) => {
        for (const n of loadedNodes) if (n.status !== nodes.find((o) => o.id === n.id)?.status) tx.putNode(n)
      })
    }

    /** A run taken off its node (preempted, evicted): the node stops that incarnation. */
    const stopRun = (pod: PodRecord, reason: string) => {
      if (pod.nodeId) connections.send(pod.nodeId, 'pod:stop', { podId: pod.id, incarnation: pod.incarnation, reason, gracePeriodMs: config.stopGracePeriodMs })
    }
    const cache = createSchedulerCache(state)
    const scheduler = createSchedulingLoop({
      state,
      writes,
      cache,
      plugins: schedulerPlugins,
      rng,
      clock,
      log: log.child({ component: 'scheduler' }),
      onBound: (pod) => {
        const assignment = podAssignment(pod, state)
        if (assignment && pod.nodeId) connections.send(pod.nodeId, 'pod:assign', { pod: assignment })
      },
      onEvicted: stopRun,
      onDecision: (d) => metrics.schedulingDecision(d),
    })
    const noExecute = createNoExecuteController({ state, writes, clock, log: log.child({ component: 'no-execute' }), onEvicted: stopRun })

    const holder: { app?: Hono } = {}
    const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app: { request: (...a: Parameters<Hono['request']>) => holder.app!.request(...a) } as Hono })
    // Join tokens register nodes over the WebSocket only: the gateway gets a join-aware view of auth and nodes.
    const joinTokens = createJoinTokens({ auth, tokens, state, writes, clock, log })
    const gatewayDeps: ServerDeps = { ...deps, auth: { ...auth, authenticate: (t) => joinTokens.authenticate(t) }, nodes: joinTokens.nodes(deps.nodes) }
    const gateway = createGateway(gatewayDeps, upgradeWebSocket, { pingIntervalMs: config.pingIntervalMs })
    ;(wss.options as { maxPayload?: number }).maxPayload = gateway.maxPayload
    const webDir = findWebDir()
    if (!webDir) log.warn('the PWA is not built (npm run build -w browser-node): / serves nothing')
    const app = createApp(deps, gateway.handler, { joinTokens, webDir, requestContext, metricsToken: config.metricsToken }) as unknown as Hono
    metrics.attach({
      state,
      usage,
      now: () => clock.now(),
      lastSeen: (id) => nodeService.lastSeen(id),
      schedulerDepth: () => scheduler.depth,
      writeQueueDepth: () => writes.depth,
      websocket: () => gateway.stats,
      pingDatabase: async () => {
        const t0 = performance.now()
        const ok = await Promise.race([
          db.query('select 1').then(() => true, () => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
        ])
        return ok ? (performance.now() - t0) / 1000 : null
      },
      version: VERSION,
      engine: db.engine,
    })
    holder.app = app

    const health = createNodeHealthController({
      state,
      writes,
      clock,
      log: log.child({ component: 'node-health' }),
      lastSeen: (id) => nodeService.lastSeen(id),
      disconnect: (id) => gateway.terminate(id),
      options: config.nodeHealth,
    })
    const gc = createPodGc({
      state,
      writes,
      clock,
      log,
      retainDeletedMs: config.retainDeletedPodsMs,
      onSweep: async () => {
        await logs.prune()
        await eventsRepo.prune(db, clock.now() - config.retention.eventsMaxAgeMs, config.retention.eventsMaxCount)
        await sessionsRepo.deleteExpired(db, clock.now())
      },
    })
    // Persist in-memory heartbeat times now and then (not one write per heartbeat).
    let beatsTimer = clock.setTimeout(function persistBeats() {
      const beats = [...state.nodes.values()].flatMap((n) => {
        const at = nodeService.lastSeen(n.id)
        return at && at !== n.lastHeartbeatAt ? [{ id: n.id, at }] : []
      })
      if (beats.length) void nodesRepo.touchHeartbeats(db, beats).catch(() => {})
      beatsTimer = clock.setTimeout(persistBeats, 30_000)
    }, 30_000)

    const server: ServerType = await new Promise((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
      s.once('error', reject)
    })
    injectWebSocket(server)
    health.start()
    gc.start()
    noExecute.start()
    wired.start()
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
    log.info('listening', { url, engine: db.engine, nodes: state.nodes.size, pods: state.pods.size })

    let closed = false
    return {
      url,
      port,
      deps,
      app,
      async close() {
        if (closed) return
        closed = true
        health.stop()
        gc.stop()
        noExecute.stop()
        wired.stop()
        scheduler.stop()
        gateway.stop()
        beatsTimer.cancel()
        for (const c of wss.clients) c.terminate()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
        })
        await writes.drain()
        await logs.flush()
        await db.close()
      },
    }
  } catch (error) {
    if (!options.db) await db.close().catch(() => {})
    throw error
  }
}
