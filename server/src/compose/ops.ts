/**
 * The application layer, built with real dependencies: what users and nodes ask for (`*-ops.ts`),
 * the connections to nodes (secret values join a pod's environment in its `pod:assign` only), join
 * tokens, and Services with their views. Nothing here runs on its own; the controllers do
 * (`compose/controllers.ts`).
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { PodRecord } from '../store/records'
import type { WeightedPlugin } from '../scheduler/types'
import { createAuthOps } from '../auth/auth-ops'
import { createJoinTokens } from '../auth/join-tokens'
import { createLoginThrottle } from '../auth/login-throttle'
import { createPasswordPolicy, loadCommonPasswords } from '../auth/password-policy'
import { createSupabaseVerifier, withSupabase } from '../auth/supabase'
import { createTokenIssuer, tokenTtls } from '../auth/tokens'
import { createUserAdmin } from '../auth/user-admin'
import { DEFAULT_LIMITS } from '../deps'
import { badRequest } from '../errors'
import { createNamespaceOps } from '../namespaces/namespace-ops'
import { DEFAULT_USER_LIMITS } from '../namespaces/user-limits'
import { createNodeLifecycle } from '../nodes/node-lifecycle'
import { plausibleUsage } from '../nodes/node-claims'
import { createNodeOps, type NodeOps } from '../nodes/node-ops'
import { createPackOps } from '../packs/pack-ops'
import { podAssignment } from '../pods/pod-assignment'
import { createPodOps, type PodOpsDeps } from '../pods/pod-ops'
import { createPodRollback } from '../pods/pod-rollback'
import { createPriorityClassOps } from '../priority-classes/priority-class-ops'
import { createSchedulerProfileOps } from '../scheduler/profile-ops'
import { defaultPlugins, parseSchedulerProfile } from '../scheduler/registry'
import { loadOrCreateSecretKey, loadSecretKey } from '../secrets/secret-box'
import { MAX_POD_ENV, withSecretEnv } from '../secrets/secret-injection'
import { createSecretOps } from '../secrets/secret-ops'
import { trustedWithSecrets } from '../secrets/secret-trust'
import { createServices } from '../services/services'
import { nodeTokensRepo } from '../store/node-tokens'
import { servicesRepo } from '../store/services'
import { createNodeConnections, type NodeConnections } from '../ws/node-connections'
import type { Basics, ComposedState } from './state'

export interface OpsDeps extends Basics, ComposedState {
  /** A scoring profile changed through the API reaches the live scheduler. */
  applyPlugins(plugins: readonly WeightedPlugin[]): void
  /** Makes this server's node connections reach nodes held by other servers too (cluster/relay.ts). */
  relayed(local: NodeConnections): NodeConnections
  /** Makes the node operations catch up with other servers' writes before judging a node's report (cluster/report-catch-up.ts). */
  catchingUp(nodes: NodeOps): NodeOps
  /** The leader's scheduler binding a new pod in its creating write (compose/controllers.ts). */
  placement?: PodOpsDeps['placement']
}

export async function composeOps(d: OpsDeps) {
  const { config, db, state, writes, clock, rng, log, loaded } = d
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const userLimits = { ...DEFAULT_USER_LIMITS, ...config.userLimits }
  const newId = () => randomUUID()
  const stopGracePeriodMs = config.stopGracePeriodMs
  // The scoring profile: STARK_SCHEDULER_PROFILE / config first, then the cluster setting.
  const profile = parseSchedulerProfile(config.schedulerProfile || loaded.schedulerProfile)
  const plugins = defaultPlugins(profile)

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
  const auth = config.supabase
    ? withSupabase(ownAuth, createSupabaseVerifier(config.supabase, clock), { state, writes, log })
    : ownAuth
  const namespaces = createNamespaceOps({ writes, state, initial: loaded.namespaces, userLimits })
  // The key is read now (and must be the one the stored secrets were sealed with) or made on first use.
  const keySource = { env: config.secretKey, file: join(config.home, 'secret.key') }
  let secretKey = loadSecretKey(keySource)
  const secrets = createSecretOps({
    writes,
    state,
    log,
    initial: loaded.secrets,
    key: () => (secretKey ??= loadOrCreateSecretKey(keySource)),
    assertNamespaceUsable: (p, ns) => void namespaces.assertUsable(p, ns),
  })
  secrets.checkKey(secretKey)
  const local = withSecretEnv(
    createNodeConnections(),
    (podId) => secrets.envFor(state.pods.get(podId)),
    log,
    (podId, nodeId) => {
      const pod = state.pods.get(podId)
      const node = state.nodes.get(nodeId)
      return !pod || (!!node && trustedWithSecrets(pod, node))
    },
  )
  const connections = d.relayed(local)
  const ownNodes = createNodeOps({
    writes,
    state,
    connections,
    issueNodeToken: (id) => auth.issueNodeToken(id),
    clock,
    rng,
    log,
    newId,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    stopGracePeriodMs,
    onHeartbeat: (nodeId, beat) => {
      d.metrics.heartbeat(nodeId, clock.now())
      // What a node says it uses itself counts only within reason, as its pods' figures do.
      const node = state.nodes.get(nodeId)
      const own = node && beat.node && plausibleUsage(node.allocatable, { cpu: 0, ...beat.node }) ? beat.node : undefined
      d.usage.record(nodeId, beat.usage ?? [], own)
    },
  })
  // Several servers: a node's report is judged on memory caught up with the others' writes.
  const nodes = d.catchingUp(ownNodes)
  const priorityClasses = createPriorityClassOps({ writes, initial: loaded.priorityClasses })
  const resolvePriorityClass = (name: string) => priorityClasses.resolve(name)
  const pods = createPodOps({
    writes,
    state,
    connections,
    rng,
    newId,
    stopGracePeriodMs,
    resolvePriorityClass,
    placement: d.placement,
    admit: (principal, pod, write) => {
      secrets.assertReferable(principal, pod.namespace, pod.secrets)
      if (pod.envKeys + secrets.keyCount(pod.namespace, pod.secrets) > MAX_POD_ENV) {
        throw badRequest(`env and secrets together give more than ${MAX_POD_ENV} environment variables`)
      }
      return namespaces.admit(principal, pod.namespace, pod.resources, write)
    },
  })
  const services = createServices({
    db,
    state,
    writes,
    logs: d.logs,
    pods,
    resolvePriorityClass,
    maxReplicasPerUser: userLimits.pendingPods,
    plugins,
    clock,
    log: log.child({ component: 'services' }),
    newId,
    stop: (pod, reason) => stopRun(pod, reason),
    initial: await servicesRepo.list(db),
    rolloutFailures: d.counters.rollouts,
  })
  const lifecycle = createNodeLifecycle({
    writes,
    state,
    connections,
    log: log.child({ component: 'node-lifecycle' }),
    stopGracePeriodMs,
  })

  /** Sends a bound pod's run to its node. */
  function assign(pod: PodRecord) {
    const a = podAssignment(pod, state)
    if (a && pod.nodeId) connections.send(pod.nodeId, 'pod:assign', { pod: a })
  }
  /** A run taken off its node (preempted, evicted, scaled away): the node stops that incarnation. */
  function stopRun(pod: PodRecord, reason: string) {
    if (pod.nodeId)
      connections.send(pod.nodeId, 'pod:stop', {
        podId: pod.id,
        incarnation: pod.incarnation,
        reason,
        gracePeriodMs: stopGracePeriodMs,
      })
  }

  return {
    /** The scheduler's plugins at start (DaemonSets place their pods with the same filters). */
    plugins,
    limits,
    userLimits,
    newId,
    tokens,
    auth,
    /** Join tokens register nodes over the WebSocket only (the gateway's view of auth and nodes). */
    joinTokens: createJoinTokens({ auth, tokens, state, writes, clock, log }),
    namespaces,
    secrets,
    connections,
    /** Only the sockets this server holds. */
    localConnections: local,
    nodes,
    lifecycle,
    priorityClasses,
    pods,
    podRollback: createPodRollback({ writes, state, pods, assign }),
    services,
    schedulerProfile: createSchedulerProfileOps({
      writes,
      initial: profile,
      byConfig: Boolean(config.schedulerProfile),
      apply: d.applyPlugins,
    }),
    users: createUserAdmin({
      auth,
      state,
      writes,
      openByConfig: config.openRegistration === true,
      openBySetting: loaded.openRegistration,
      supabase: config.supabase,
    }),
    packs: createPackOps({
      writes,
      state,
      db,
      maxBundleBytes: limits.maxBundleBytes,
      userLimits,
      assertNamespaceUsable: (p, ns) => void namespaces.assertUsable(p, ns),
    }),
    assign,
    stopRun,
    /** Stops what observes state on its own (drain completion, readiness). */
    close() {
      lifecycle.stop()
      services.close()
    },
  }
}

export type ComposedOps = Awaited<ReturnType<typeof composeOps>>
