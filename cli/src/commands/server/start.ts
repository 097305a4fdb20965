import { setFlagsFromString } from 'node:v8'
import { resolve as resolvePath } from 'node:path'
import type { RunningServer } from '@stark/server'
import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../../lib/args'
import { DEFAULT_PORT, resolveOutput } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { logArgs } from '../../lib/log-flags'
import { noOutput } from '../../lib/output'
import { checkDatabaseUrl, describeDatabaseUrl, startFailure } from '../../lib/start-failure'

export default defineCommand({
  meta: {
    name: 'start',
    description:
      'Run the control plane (REST API, WebSocket gateway, scheduler) until Ctrl-C; PGlite in $STARK_HOME/data unless a database URL is given (example: stark server start --port 8080)',
  },
  args: {
    ...logArgs,
    host: { type: 'string', description: 'Address to listen on (default 127.0.0.1; env STARK_HOST)' },
    port: { type: 'string', description: `Port to listen on (default ${DEFAULT_PORT}; env STARK_PORT)` },
    'data-dir': {
      type: 'string',
      valueHint: 'dir',
      description: 'PGlite data directory (default $STARK_HOME/data; env STARK_DATA_DIR)',
    },
    'database-url': {
      type: 'string',
      valueHint: 'url',
      description: 'Use this PostgreSQL ≥ 15 (or Supabase) database instead of PGlite (env DATABASE_URL)',
    },
    'heartbeat-interval': {
      type: 'string',
      valueHint: 'duration',
      description: 'How often agents send heartbeats (default 5s; env STARK_HEARTBEAT_INTERVAL)',
    },
    'node-grace': {
      type: 'string',
      valueHint: 'duration',
      description: 'Silence after which a node is NotReady (default 10s; env STARK_NODE_GRACE)',
    },
    'node-offline-after': {
      type: 'string',
      valueHint: 'duration',
      description: 'Silence after which a node is Offline (default 60s; env STARK_NODE_OFFLINE_AFTER)',
    },
    'pod-eviction-delay': {
      type: 'string',
      valueHint: 'duration',
      description: 'How long pods stay on a NotReady node before they are replaced (default 500ms; env STARK_POD_EVICTION_DELAY)',
    },
    'startup-grace': {
      type: 'string',
      valueHint: 'duration',
      description:
        'After a start, how long nodes that were Ready before it have to reconnect before their pods are evicted (default 30s; env STARK_STARTUP_GRACE)',
    },
    'mass-outage-max': {
      type: 'string',
      valueHint: 'duration',
      description: 'The longest a mass outage pauses evictions (default 2m; env STARK_MASS_OUTAGE_MAX)',
    },
    'tls-cert': {
      type: 'string',
      valueHint: 'file',
      description: 'Serve HTTPS and WSS with this PEM certificate (with --tls-key; env STARK_TLS_CERT)',
    },
    'tls-key': { type: 'string', valueHint: 'file', description: 'The PEM private key for --tls-cert (env STARK_TLS_KEY)' },
    'tls-self-signed': {
      type: 'boolean',
      description: 'Serve HTTPS and WSS with a self-signed certificate kept in $STARK_HOME/tls (development; clients use -k)',
    },
    'trusted-proxy': {
      type: 'string',
      valueHint: 'CIDR,...',
      description:
        'Believe X-Forwarded-For (for login throttling) only from these proxies, e.g. 10.0.0.0/8,::1 (default none; env STARK_TRUSTED_PROXIES)',
    },
    'access-token-ttl': {
      type: 'string',
      valueHint: 'duration',
      description:
        'Lifetime of access tokens; a WebSocket closes when its token expires (default 1h; env STARK_ACCESS_TOKEN_TTL)',
    },
    'node-token-ttl': {
      type: 'string',
      valueHint: 'duration',
      description: 'Lifetime of node tokens, rotated by connected agents at half-life (default 30d; env STARK_NODE_TOKEN_TTL)',
    },
    'heap-growth': {
      type: 'string',
      valueHint: 'percent',
      description:
        'How far the server’s JavaScript heap may grow past what it holds before a full garbage collection (default 50; 0: V8 decides, up to 4×; env STARK_HEAP_GROWTH)',
    },
    'open-registration': {
      type: 'boolean',
      description:
        'Let anyone register themselves as a user (stark auth register); else only admins create users (env STARK_OPEN_REGISTRATION)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { format } = resolveOutput(ctx, args)
    // The configuration first (a small module), then the database opens while the server's modules load.
    const boot = await import('@stark/server/boot')
    let base: ReturnType<typeof boot.defaultConfig>
    try {
      base = boot.defaultConfig(ctx.env)
    } catch (error) {
      throw usageError((error as Error).message) // a malformed STARK_* setting
    }
    const port = intFlag(args.port, 'port', { max: 65_535 }) ?? base.port
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw usageError(`STARK_PORT must be a port number (got "${ctx.env.STARK_PORT}")`)
    const databaseUrl = args['database-url'] || base.databaseUrl
    if (databaseUrl) checkDatabaseUrl(databaseUrl)
    const logFormat = args['log-format']
    if (Boolean(args['tls-cert']) !== Boolean(args['tls-key'])) throw usageError('--tls-cert and --tls-key go together')
    if (args['tls-cert'] && args['tls-self-signed']) throw usageError('give --tls-cert/--tls-key or --tls-self-signed, not both')
    const tls = args['tls-cert']
      ? { certFile: resolvePath(ctx.cwd, args['tls-cert']), keyFile: resolvePath(ctx.cwd, args['tls-key']!) }
      : args['tls-self-signed']
        ? { selfSigned: true as const }
        : base.tls
    const duration = (flag: string, value: string | undefined) => {
      if (value === undefined || value === '') return undefined
      try {
        return boot.parseDuration(value, `--${flag}`)
      } catch (error) {
        throw usageError((error as Error).message)
      }
    }
    const liveness = Object.fromEntries(
      Object.entries({
        notReadyAfterMs: duration('node-grace', args['node-grace']),
        offlineAfterMs: duration('node-offline-after', args['node-offline-after']),
        evictAfterMs: duration('pod-eviction-delay', args['pod-eviction-delay']),
        startupGraceMs: duration('startup-grace', args['startup-grace']),
        massOutageMaxMs: duration('mass-outage-max', args['mass-outage-max']),
      }).filter(([, v]) => v !== undefined),
    )
    const heartbeatIntervalMs = duration('heartbeat-interval', args['heartbeat-interval'])
    let trustedProxies = base.trustedProxies
    if (args['trusted-proxy'] !== undefined) {
      try {
        trustedProxies = boot.parseTrustedProxies(args['trusted-proxy'])
      } catch (error) {
        throw usageError(`--trusted-proxy: ${(error as Error).message}`)
      }
    }
    const tokenTtlMs = {
      access: duration('access-token-ttl', args['access-token-ttl']) ?? base.tokenTtlMs.access,
      node: duration('node-token-ttl', args['node-token-ttl']) ?? base.tokenTtlMs.node,
    }
    let heapGrowthPercent = base.heapGrowthPercent
    if (args['heap-growth'] !== undefined && args['heap-growth'] !== '') {
      try {
        heapGrowthPercent = boot.parseHeapGrowth(args['heap-growth'], '--heap-growth')
      } catch (error) {
        throw usageError((error as Error).message)
      }
    }
    const config = {
      ...base,
      heapGrowthPercent,
      tls,
      openRegistration: args['open-registration'] === true || base.openRegistration,
      host: args.host || base.host,
      port,
      dataDir: args['data-dir'] ? resolvePath(ctx.cwd, args['data-dir']) : base.dataDir,
      databaseUrl,
      logLevel: args['log-level'] ?? base.logLevel,
      logPretty: logFormat ? logFormat === 'pretty' : base.logPretty,
      heartbeatIntervalMs: heartbeatIntervalMs ?? base.heartbeatIntervalMs,
      nodeHealth: { ...base.nodeHealth, ...liveness },
      trustedProxies,
      tokenTtlMs,
    }

    const shutdown = ctx.trapSignals()
    const database = boot.openServerDatabase(config)
    let server: typeof import('@stark/server')
    let running: RunningServer
    try {
      server = await import('@stark/server').catch(async (error) => {
        await boot.abandonServerDatabase(database)
        throw error
      })
      running = await server.startServer({ config, database })
      // Process-wide, so set here (the process is the server's), once it listens: see heap-growth.ts.
      boot.applyHeapGrowth(config.heapGrowthPercent, setFlagsFromString)
    } catch (error) {
      throw startFailure(error, config, (e) => e instanceof boot.DirectoryLockedError)
    }
    const wildcard = config.host === '0.0.0.0' || config.host === '::'
    const apiUrl = wildcard ? `${config.tls ? 'https' : 'http'}://127.0.0.1:${running.port}` : running.url
    const selfSigned = config.tls !== undefined && 'selfSigned' in config.tls
    const store = databaseUrl
      ? { engine: 'postgres', location: describeDatabaseUrl(databaseUrl) }
      : { engine: 'pglite', location: config.dataDir }
    const firstRun = running.deps.state.users.size === 0
    if (format === 'json') {
      ctx.stdout.write(
        `${JSON.stringify({ url: running.url, apiUrl, port: running.port, version: server.VERSION, store, firstRun })}\n`,
      )
    } else {
      const defaultUrl = apiUrl === `http://127.0.0.1:${DEFAULT_PORT}`
      const flag = (defaultUrl ? '' : ` --api-url ${apiUrl}`) + (selfSigned ? ' -k' : '')
      ctx.stdout.write(
        [
          `Stark server ${server.VERSION} listening on ${running.url}`,
          `  store:      ${store.engine === 'pglite' ? `PGlite in ${store.location}` : `PostgreSQL at ${store.location}`}`,
          `  REST API:   ${apiUrl}/api   (OpenAPI: ${apiUrl}/api/openapi.json)`,
          `  WebSocket:  ${apiUrl.replace(/^http/, 'ws')}/ws`,
          `  API docs:   ${apiUrl}/api/docs   metrics: ${apiUrl}/metrics (STARK_METRICS_TOKEN or an admin token)`,
          '',
          'Next steps:',
          ...(defaultUrl ? [] : [`  export STARK_API_URL=${apiUrl}   # or pass${flag} to every command`]),
          ...(selfSigned ? [`  # a self-signed certificate (development): every command and agent needs -k/--insecure`] : []),
          firstRun
            ? `  stark auth setup --email you@example.com   # create the first admin (asks for a password)`
            : `  stark auth login --email you@example.com`,
          '  stark node agent start   # run pods on this machine (in another terminal)',
          `  stark pack bundle hello.js && stark pack register hello.pack.js --name hello --version 1.0.0`,
          `  stark pod create hello`,
          '',
          'Ctrl-C stops the server.',
          '',
        ].join('\n'),
      )
    }
    if (!shutdown.aborted) await new Promise((resolve) => shutdown.addEventListener('abort', resolve, { once: true }))
    if (format !== 'json') ctx.stderr.write('stopping…\n')
    await running.close()
    return noOutput
  },
})
