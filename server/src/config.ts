import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Limits } from './deps'
import type { NodeHealthOptions } from './controllers/node-health'
import type { NodeGcOptions } from './controllers/node-gc'
import { retentionFromEnv, type RetentionConfig } from './retention'
import { tlsFromEnv, type TlsConfig } from './http/tls'
import { supabaseFromEnv, type SupabaseAuthConfig } from './auth/supabase'
import { envDuration } from './duration'
import { parseTrustedProxies } from './http/middleware/client-address'
import { userLimitsFromEnv, type UserLimits } from './namespaces/user-limits'
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFromEnv } from './heap-growth'

export interface ServerConfig {
  host: string
  port: number
  /** $STARK_HOME (default ~/.stark). */
  home: string
  /** This server's id among the servers on one database (STARK_SERVER_ID; default: host name and a random suffix). */
  serverId?: string | undefined
  /** PGlite data directory (default $STARK_HOME/data); ignored when databaseUrl is set. */
  dataDir: string
  databaseUrl?: string | undefined
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  logPretty: boolean
  heartbeatIntervalMs: number
  pingIntervalMs: number
  nodeHealth: Partial<NodeHealthOptions>
  /** When Offline nodes are removed (STARK_NODE_GC_AFTER, STARK_BROWSER_NODE_GC_AFTER). */
  nodeGc: Partial<NodeGcOptions>
  limits: Partial<Limits>
  /** Grace period a stopping pack gets before its node terminates it (ms). */
  stopGracePeriodMs: number
  /** How long deleted, stopped pods stay visible before garbage collection (ms). */
  retainDeletedPodsMs: number
  /**
   * Scheduler scoring profile (STARK_SCHEDULER_PROFILE): `spread` or `binpack`, or JSON
   * `{"name":"binpack","weights":{…}}`. Unset: the cluster setting `scheduler.profile`, else spread.
   */
  schedulerProfile?: string | undefined
  /** Event and pod log retention (STARK_EVENTS_MAX_AGE, STARK_POD_LOGS_MAX_BYTES, … — see retention.ts). */
  retention: RetentionConfig
  /** A static bearer token that may read /metrics (STARK_METRICS_TOKEN); admins and viewers always may. */
  metricsToken?: string | undefined
  /** Anyone may register themselves as a user (STARK_OPEN_REGISTRATION=true); else only admins create users. */
  openRegistration?: boolean | undefined
  /** The key secrets are encrypted with (STARK_SECRET_KEY; else $STARK_HOME/secret.key). */
  secretKey?: string | undefined
  /** HTTPS and WSS on the same port: certificate and key files, or a generated self-signed pair (development). */
  tls?: TlsConfig | undefined
  /** Accept user tokens of a Supabase project (SUPABASE_URL, SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL). */
  supabase?: SupabaseAuthConfig | undefined
  /** Proxies whose X-Forwarded-For is believed for throttling (STARK_TRUSTED_PROXIES, CIDRs); none by default. */
  trustedProxies: string[]
  /** Lifetime of access tokens (STARK_ACCESS_TOKEN_TTL, default 1h) and node tokens (STARK_NODE_TOKEN_TTL, default 30d; rotated at half-life). */
  tokenTtlMs: { access?: number | undefined; node?: number | undefined }
  /** What one user may hold: pack bytes and versions, pending pods, their namespaces' quota (STARK_USER_* — see user-limits.ts). */
  userLimits?: Partial<UserLimits> | undefined
  /**
   * How far the JavaScript heap may grow past what it holds before a full collection, in percent
   * (STARK_HEAP_GROWTH, default 50; 0: V8 decides). Set by the process that owns the server (heap-growth.ts).
   */
  heapGrowthPercent: number
}

/**
 * Liveness settings from STARK_NODE_GRACE, STARK_NODE_OFFLINE_AFTER, STARK_POD_EVICTION_DELAY,
 * STARK_STARTUP_GRACE, STARK_MASS_OUTAGE_MAX and STARK_MASS_OUTAGE_GRACE.
 */
function nodeHealthFromEnv(env: NodeJS.ProcessEnv): ServerConfig['nodeHealth'] {
  const entries = {
    notReadyAfterMs: envDuration(env, 'STARK_NODE_GRACE'),
    offlineAfterMs: envDuration(env, 'STARK_NODE_OFFLINE_AFTER'),
    evictAfterMs: envDuration(env, 'STARK_POD_EVICTION_DELAY'),
    startupGraceMs: envDuration(env, 'STARK_STARTUP_GRACE'),
    massOutageMaxMs: envDuration(env, 'STARK_MASS_OUTAGE_MAX'),
    massOutageStableMs: envDuration(env, 'STARK_MASS_OUTAGE_GRACE'),
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined))
}

function nodeGcFromEnv(env: NodeJS.ProcessEnv): ServerConfig['nodeGc'] {
  const entries = {
    afterMs: envDuration(env, 'STARK_NODE_GC_AFTER'),
    browserAfterMs: envDuration(env, 'STARK_BROWSER_NODE_GC_AFTER'),
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined))
}

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.STARK_HOME || join(homedir(), '.stark')
}

export function defaultConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const home = defaultHome(env)
  return {
    host: env.STARK_HOST || '127.0.0.1',
    port: env.STARK_PORT ? Number(env.STARK_PORT) : 8080,
    home,
    dataDir: env.STARK_DATA_DIR || join(home, 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    serverId: env.STARK_SERVER_ID || undefined,
    logLevel: (env.STARK_LOG_LEVEL as ServerConfig['logLevel']) || 'info',
    logPretty: env.STARK_LOG_FORMAT === 'pretty' || (env.STARK_LOG_FORMAT !== 'json' && Boolean(process.stderr.isTTY)),
    heartbeatIntervalMs: envDuration(env, 'STARK_HEARTBEAT_INTERVAL') ?? 5000,
    pingIntervalMs: envDuration(env, 'STARK_PING_INTERVAL') ?? 5000,
    nodeHealth: nodeHealthFromEnv(env),
    nodeGc: nodeGcFromEnv(env),
    limits: {},
    stopGracePeriodMs: 10_000,
    retainDeletedPodsMs: 5 * 60_000,
    schedulerProfile: env.STARK_SCHEDULER_PROFILE || undefined,
    retention: retentionFromEnv(env),
    metricsToken: env.STARK_METRICS_TOKEN || undefined,
    openRegistration: env.STARK_OPEN_REGISTRATION === 'true' || env.STARK_OPEN_REGISTRATION === '1',
    secretKey: env.STARK_SECRET_KEY || undefined,
    tls: tlsFromEnv(env),
    supabase: supabaseFromEnv(env),
    trustedProxies: parseTrustedProxies(env.STARK_TRUSTED_PROXIES ?? ''),
    tokenTtlMs: { access: envDuration(env, 'STARK_ACCESS_TOKEN_TTL'), node: envDuration(env, 'STARK_NODE_TOKEN_TTL') },
    userLimits: userLimitsFromEnv(env),
    heapGrowthPercent: heapGrowthFromEnv(env) ?? DEFAULT_HEAP_GROWTH_PERCENT,
  }
}
