/**
 * The composition root: opens the database, loads the working set, builds every service with
 * real dependencies, starts the scheduler and controllers, and serves HTTP + WebSocket.
 */
import { randomUUID } from 'node:crypto'
import { createNodeWebSocket } from '@hono/node-ws'
import { createHousekeeping } from './compose/housekeeping'
import { listen } from './compose/listen'
import { loadWorkingSet } from './compose/load-working-set'
import type { Hono } from 'hono'
import { realClock, type Clock, type Logger, type Rng } from '@stark/shared'
import { createAuthOps } from './auth/auth-ops'
import { createTokenIssuer, tokenTtls } from './auth/tokens'
import { createPasswordPolicy, loadCommonPasswords } from './auth/password-policy'
import { createLoginThrottle } from './auth/login-throttle'
import { nodeTokensRepo } from './store/node-tokens'
import { createClientAddress } from './http/middleware/client-address'
import type { ServerConfig } from './config'
import { createNoExecuteController } from './controllers/no-execute'
import { createTolerationClocks } from './controllers/toleration-clocks'
import { countersRepo } from './store/counters'
import { wireServices } from './services/wiring'
import { createPriorityClassOps } from './priority-classes/priority-class-ops'
import type { PodRecord } from './store/records'
import { openDatabase } from './db/open-database'
import type { SqlClient } from './db/sql'
import { DEFAULT_LIMITS, type ServerDeps } from './deps'
import { createApp } from './http/app'
import { findWebDir } from './http/routes/web'
import { createJoinTokens } from './auth/join-tokens'
import { createLogger } from './logger'
import { createNodeOps } from './nodes/node-ops'
import { createNodeLifecycle } from './nodes/node-lifecycle'
import { CLOSE_NODE_DELETED } from '@stark/shared'
import type { NodeHealthView } from './controllers/mass-outage'
import { createPackOps } from './packs/pack-ops'
import { createLogStore, DEFAULT_LOG_STORE } from './pods/log-store'
import { podAssignment } from './pods/pod-assignment'
import { createPodOps } from './pods/pod-ops'
import { createSchedulerCache } from './scheduler/cache'
import { defaultPlugins, parseSchedulerProfile } from './scheduler/registry'
import { createSchedulerProfileOps } from './scheduler/profile-ops'
import type { WeightedPlugin } from './scheduler/types'
import { createSchedulingLoop } from './scheduler/scheduling-loop'
import { createClusterState } from './state/cluster-state'
import { createEventBus } from './state/event-bus'
import { createWriteQueue } from './state/write-queue'
import { createEventRecorder, DEFAULT_EVENT_RECORDER } from './events/event-recorder'
import { createGateway } from './ws/gateway'
import { createRequestContext } from './http/request-context'
import { createMetrics } from './metrics/metrics'
import { createUsageStore } from './metrics/usage-store'
import { createNodeConnections } from './ws/node-connections'
import { join } from 'node:path'
import { createNamespaceOps } from './namespaces/namespace-ops'
import { DEFAULT_USER_LIMITS } from './namespaces/user-limits'
import { createSecretOps } from './secrets/secret-ops'
import { loadOrCreateSecretKey, loadSecretKey } from './secrets/secret-box'
import { MAX_POD_ENV, withSecretEnv } from './secrets/secret-injection'
import { trustedWithSecrets } from './secrets/secret-trust'
import { createUserAdmin } from './auth/user-admin'
import { createSupabaseVerifier, withSupabase } from './auth/supabase'
import { badRequest } from './errors'
import { hostname } from 'node:os'
import { othersAlive } from './cluster/cluster-tables'
import { createServerCluster, lastSeenAnywhere } from './cluster/server-cluster'
import { applicationName } from './cluster/sessions'
import { pingDatabase } from './db/ping'
import type { AuthOps } from './auth/auth-ops'

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
  const log =
    options.log ??
    createLogger({ level: config.logLevel, pretty: config.logPretty, service: 'server', context: requestContext.fields })
  const metrics = createMetrics({ processMetrics: true })
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const userLimits = { ...DEFAULT_USER_LIMITS, ...config.userLimits }

  const serverId = config.serverId || `${hostname().slice(0, 40)}-${randomUUID().slice(0, 8)}`
  const opening = { dataDir: config.dataDir, databaseUrl: config.databaseUrl, applicationName: applicationName(serverId) }
  const db = options.db ?? (await openDatabase(opening)).db
  try {
    const loaded = await loadWorkingSet(db, clock)
    // Back-off, NoExecute toleration clocks and rollout failures survive a restart (store/counters.ts).
    const counters = await countersRepo.load(db)
    const tolerationClocks = createTolerationClocks(counters.clocks)
    // The scoring profile: STARK_SCHEDULER_PROFILE / config first, then the cluster setting.
    const initialProfile = parseSchedulerProfile(config.schedulerProfile || loaded.schedulerProfile)
    const schedulerPlugins = defaultPlugins(initialProfile)
    // A profile changed through the API reaches the live scheduler (created further down).
    const liveScheduler: { setPlugins?: (plugins: readonly WeightedPlugin[]) => void } = {}
    // Secrets: the key is read now (and must be the one the stored secrets were sealed with) or made on first use.
    const keySource = { env: config.secretKey, file: join(config.home, 'secret.key') }
    let secretKey = loadSecretKey(keySource)

    const state = createClusterState({ users: loaded.users, packs: loaded.packs, nodes: loaded.nodes, pods: loaded.pods })
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
      events: createEventRecorder(DEFAULT_EVENT_RECORDER, { onFolded: (outcome, count) => metrics.eventsFolded(outcome, count) }),
    })
    bus.subscribe((e) => metrics.event(e))
    const usage = createUsageStore(state, clock, { staleAfterMs: 3 * (config.heartbeatIntervalMs + 1000) })
    // Secret values join a pod's environment in its pod:assign only, on the way to its node.
    const localConnections = withSecretEnv(
      createNodeConnections(),
      (podId) => deps.secrets.envFor(state.pods.get(podId)),
      log,
      (podId, nodeId) => {
        const pod = state.pods.get(podId)
        const node = state.nodes.get(nodeId)
        return !pod || (!!node && trustedWithSecrets(pod, node))
      },
    )
    // Several servers on one PostgreSQL: one leads (scheduler, controllers), all follow each other's changes.
    const authHolder: { auth?: AuthOps } = {}
    const cluster = createServerCluster({
      ...{ db, serverId, version: VERSION, state, writes, localConnections, clock, log },
      databaseUrl: options.db ? undefined : config.databaseUrl,
      auth: () => authHolder.auth,
    })
    const { connections, leaderWrites } = cluster
    const tokens = createTokenIssuer(loaded.jwtSecret, clock, tokenTtls(config))
    const ownAuth = createAuthOps({
      queue: writes,
      state,
      tokens,
      clock,
      sessions: loaded.sessions,
      nodeTokenGenerations: await nodeTokensRepo.list(db),
      passwords: createPasswordPolicy(loadCommonPasswords()),
      loginThrottle: createLoginThrottle({ clock, limit: limits.loginFailuresPerAccount, windowMs: 15 * 60_000 }),
    })
    authHolder.auth = ownAuth
    const auth = config.supabase
      ? withSupabase(ownAuth, createSupabaseVerifier(config.supabase, clock), { state, writes, log })
      : ownAuth
    const namespaceOps = createNamespaceOps({ writes, state, initial: loaded.namespaces, userLimits })
    const secretOps = createSecretOps({
      writes,
      state,
      log,
      initial: loaded.secrets,
      key: () => (secretKey ??= loadOrCreateSecretKey(keySource)),
      assertNamespaceUsable: (p, ns) => void namespaceOps.assertUsable(p, ns),
    })
    secretOps.checkKey(secretKey)
    const newId = () => randomUUID()
    const logs = createLogStore(db, clock, log, {
      ...DEFAULT_LOG_STORE,
      maxLinesPerSecond: config.retention.podLogsMaxLinesPerSecond,
      keepPerPod: config.retention.podLogsMaxLines,
      keepBytesPerPod: config.retention.podLogsMaxBytes,
      keepMs: config.retention.podLogsMaxAgeMs,
      onLines: (outcome, count) => metrics.podLogLines(outcome, count),
    })
    const nodeOps = createNodeOps({
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
    const lifecycle = createNodeLifecycle({
      writes,
      state,
      connections,
      log: log.child({ component: 'node-lifecycle' }),
      stopGracePeriodMs: config.stopGracePeriodMs,
    })
    // Node health starts with the housekeeping below; REST reads it through this view.
    const healthHolder: { view?: NodeHealthView } = {}
    const nodeHealth: NodeHealthView = {
      massOutage: () => healthHolder.view?.massOutage() ?? null,
      resumeEvictions: async (actorId) => (await healthHolder.view?.resumeEvictions(actorId)) ?? false,
    }
    const priorityClassOps = createPriorityClassOps({ writes, initial: loaded.priorityClasses })
    // Services, crash-loop restarts and pod rollback (services/wiring.ts).
    const wired = await wireServices({
      db,
      state,
      writes,
      controllerWrites: leaderWrites,
      bus,
      logs,
      pods: () => deps.pods,
      resolvePriorityClass: (name) => priorityClassOps.resolve(name),
      maxReplicasPerUser: userLimits.pendingPods,
      plugins: schedulerPlugins,
      connections,
      clock,
      rng,
      log,
      newId,
      stopGracePeriodMs: config.stopGracePeriodMs,
      counters,
    })
    const deps: ServerDeps = {
      services: wired.services,
      podRollback: wired.podRollback,
      db,
      state,
      writes,
      bus,
      auth,
      clientAddress: createClientAddress(config.trustedProxies ?? []),
      pods: createPodOps({
        writes,
        state,
        connections,
        rng,
        newId,
        stopGracePeriodMs: config.stopGracePeriodMs,
        resolvePriorityClass: (name) => priorityClassOps.resolve(name),
        admit: (principal, pod, write) => {
          secretOps.assertReferable(principal, pod.namespace, pod.secrets)
          if (pod.envKeys + secretOps.keyCount(pod.namespace, pod.secrets) > MAX_POD_ENV) {
            throw badRequest(`env and secrets together give more than ${MAX_POD_ENV} environment variables`)
          }
          return namespaceOps.admit(principal, pod.namespace, pod.resources, write)
        },
      }),
      priorityClasses: priorityClassOps,
      schedulerProfile: createSchedulerProfileOps({
        writes,
        initial: initialProfile,
        byConfig: Boolean(config.schedulerProfile),
        apply: (plugins) => liveScheduler.setPlugins?.(plugins),
      }),
      namespaces: namespaceOps,
      secrets: secretOps,
      users: createUserAdmin({
        auth,
        state,
        writes,
        openByConfig: config.openRegistration === true,
        openBySetting: loaded.openRegistration,
        supabase: config.supabase,
      }),
      nodes: nodeOps,
      lifecycle,
      nodeHealth,
      packs: createPackOps({ writes, state, db, maxBundleBytes: limits.maxBundleBytes, userLimits }),
      logs,
      connections,
      clock,
      rng,
      log,
      limits,
      version: VERSION,
      usage,
      metrics,
      cluster: cluster.view,
    }
    // Nodes held by servers still running are theirs: only a server alone on its database demotes them.
    if (loaded.demoted.length && !(config.databaseUrl && (await othersAlive(db, serverId)))) {
      await writes.run((tx) => {
        for (const n of loaded.demoted) tx.putNode(n)
      })
    }

    /** A run taken off its node (preempted, evicted): the node stops that incarnation. */
    const stopRun = (pod: PodRecord, reason: string) => {
      if (pod.nodeId)
        connections.send(pod.nodeId, 'pod:stop', {
          podId: pod.id,
          incarnation: pod.incarnation,
          reason,
          gracePeriodMs: config.stopGracePeriodMs,
        })
    }
    const newScheduler = (term: number) =>
      createSchedulingLoop({
        state,
        writes: writes.asLeader(term),
        cache: createSchedulerCache(state),
        plugins: currentPlugins,
        rng,
        clock,
        log: log.child({ component: 'scheduler' }),
        onBound: (pod) => {
          const assignment = podAssignment(pod, state)
          if (assignment && pod.nodeId) connections.send(pod.nodeId, 'pod:assign', { pod: assignment })
        },
        onEvicted: stopRun,
        tolerationClocks,
        onDecision: (d) => metrics.schedulingDecision(d),
        quota: namespaceOps.quotaGate,
      })
    let scheduler: ReturnType<typeof newScheduler> | undefined
    let currentPlugins: readonly WeightedPlugin[] = schedulerPlugins
    liveScheduler.setPlugins = (plugins) => {
      currentPlugins = plugins
      scheduler?.setPlugins(plugins)
    }
    const noExecute = createNoExecuteController({
      state,
      writes: leaderWrites,
      clock,
      log: log.child({ component: 'no-execute' }),
      clocks: tolerationClocks,
      onEvicted: stopRun,
    })

    const holder: { app?: Hono } = {}
    const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({
      app: { request: (...a: Parameters<Hono['request']>) => holder.app!.request(...a) } as Hono,
    })
    // Join tokens register nodes over the WebSocket only: the gateway gets a join-aware view of auth and nodes.
    const joinTokens = createJoinTokens({ auth, tokens, state, writes, clock, log })
    const gatewayDeps: ServerDeps = {
      ...deps,
      auth: { ...auth, authenticate: (t) => joinTokens.authenticate(t) },
      nodes: joinTokens.nodes(deps.nodes),
    }
    const gateway = createGateway(gatewayDeps, upgradeWebSocket, { pingIntervalMs: config.pingIntervalMs })
    ;(wss.options as { maxPayload?: number }).maxPayload = gateway.maxPayload
    const webDir = findWebDir()
    if (!webDir) log.warn('the PWA is not built (npm run build -w browser-node): / serves nothing')
    const app = createApp(deps, gateway.handler, {
      joinTokens,
      webDir,
      requestContext,
      metricsToken: config.metricsToken,
    }) as unknown as Hono
    metrics.attach({
      state,
      usage,
      now: () => clock.now(),
      lastSeen: (id) => nodeOps.lastSeen(id),
      schedulerDepth: () => scheduler?.depth ?? { active: 0, unschedulable: 0 },
      writeQueueDepth: () => writes.depth,
      websocket: () => gateway.stats,
      pingDatabase: () => pingDatabase(db),
      massOutage: () => nodeHealth.massOutage(),
      version: VERSION,
      engine: db.engine,
    })
    holder.app = app

    const housekeeping = createHousekeeping({
      db,
      state,
      writes: leaderWrites,
      logs,
      clock,
      log,
      config,
      lastSeen: lastSeenAnywhere(state, (id) => nodeOps.lastSeen(id)),
      disconnect: (id) => gateway.terminate(id),
      closeRemoved: (id) => void connections.close(id, CLOSE_NODE_DELETED, 'this node was removed after being Offline too long'),
      readyBeforeStart: loaded.demoted.map((n) => n.id),
    })
    healthHolder.view = housekeeping.health

    const http = await listen(app, config)
    injectWebSocket(http.server)
    // The scheduler and the controllers run on the leader only (cluster/server-cluster.ts).
    const leaderDuties = (term: number) => {
      scheduler = newScheduler(term)
      return [housekeeping, noExecute, wired, { start() {}, stop: () => scheduler?.stop() }]
    }
    await cluster.start(http.url, leaderDuties, (id) => nodeOps.lastSeen(id))
    const { url, port } = http
    log.info('listening', {
      url,
      engine: db.engine,
      nodes: state.nodes.size,
      pods: state.pods.size,
      ...(http.tlsFingerprint ? { tlsFingerprint: http.tlsFingerprint } : {}),
    })

    let closed = false
    return {
      url,
      port,
      deps,
      app,
      async close() {
        if (closed) return
        closed = true
        await cluster.stop()
        lifecycle.stop()
        gateway.stop()
        for (const c of wss.clients) c.terminate()
        await http.close()
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
