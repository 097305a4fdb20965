import { defineCommand } from 'citty'
import { resourceName, safeText, silentLogger, type LocalPod } from '@stark/shared'
import { globalArgs, intFlag, labelsFlag, taintsFlag } from '../../../lib/args'
import { call, connect } from '../../../lib/client'
import { type resolveSettings, starkHome } from '../../../lib/config'
import type { CliContext } from '../../../lib/context'
import { CLIError, ExitCode, usageError } from '../../../lib/errors'
import { logArgs } from '../../../lib/log-flags'
import { nodeNameFromHostname } from '../../../lib/node-name'
import { noOutput } from '../../../lib/output'
import { VERSION } from '../../../lib/version'
import { commandSettings } from '../../../lib/command'

/** The user's access token, refreshed if it has expired; undefined when not logged in. */
async function userToken(ctx: CliContext, settings: ReturnType<typeof resolveSettings>): Promise<string | undefined> {
  const api = connect(ctx, settings, { auth: 'optional' })
  if (!api.session()) return undefined
  try {
    await call(api.client.api.auth.whoami.$get())
  } catch (error) {
    // Unreachable: start anyway, the agent reconnects with back-off. Expired: a stored node identity may still do.
    if (!(error instanceof CLIError) || (error.exitCode !== ExitCode.unavailable && error.exitCode !== ExitCode.unauthenticated))
      throw error
    ctx.stderr.write(`warning: ${safeText(error.message)}\n`)
    if (error.exitCode === ExitCode.unauthenticated) return undefined
  }
  return api.session()?.accessToken
}

export default defineCommand({
  meta: {
    name: 'start',
    description:
      'Join this machine to the cluster as a node and run its pods until Ctrl-C (example: stark node agent start --name laptop --label zone=home --taint gpu=yes:NoSchedule)',
  },
  args: {
    ...logArgs,
    name: { type: 'string', description: 'Node name (default: this machine’s hostname)' },
    label: { type: 'string', valueHint: 'k=v', description: 'Node label (repeatable)' },
    taint: {
      type: 'string',
      valueHint: 'k=v:Effect',
      description: 'Node taint: NoSchedule, PreferNoSchedule or NoExecute (repeatable)',
    },
    cpu: { type: 'string', valueHint: 'milli', description: 'CPU to offer in millicores (default: every core)' },
    memory: { type: 'string', valueHint: 'MB', description: 'Memory to offer in MB (default: the machine’s, less a reserve)' },
    pods: { type: 'string', valueHint: 'n', description: 'Most pods at once (default 110)' },
    token: { type: 'string', description: 'Register with this token instead of your login (a user or join token)' },
    isolation: {
      type: 'string',
      valueHint: 'process|worker',
      description:
        'How pods are kept from the agent: process (default; a process per pod under Node’s permission model) or worker (threads; no security boundary)',
    },
    'warm-pool': {
      type: 'string',
      valueHint: 'n',
      description:
        'Idle pod processes (or workers) kept ready per heap size (default 2; 0 starts each pod cold); after a burst of N starts, up to 8 processes until 5 minutes pass without one',
    },
    'pod-nice': {
      type: 'string',
      valueHint: 'n',
      description: 'CPU priority of pods below the agent’s, as a nice value from 0 (the agent’s own) to 19 (default 10)',
    },
    'pod-user': {
      type: 'string',
      valueHint: 'user[:group]',
      description: 'Run pod processes as this OS user (an agent running as root; e.g. nobody)',
    },
    'pod-network': {
      type: 'string',
      valueHint: 'default|restricted|open',
      description:
        'What pods may connect to: default (nothing on this machine, no link-local, no unix sockets, no UDP), restricted (nor private ranges), open (anything; admins only)',
    },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const { ctx, settings } = commandSettings(data, args)
    const name = args.name || nodeNameFromHostname(ctx.hostname)
    if (!resourceName.safeParse(name).success)
      throw usageError(`node name "${name}" must be lower-case letters, digits and "-" (at most 63)`)
    const labels = labelsFlag(rawArgs, 'label')
    const taints = taintsFlag(rawArgs)
    const allocatable = {
      cpu: intFlag(args.cpu, 'cpu', { max: 10_000_000 }),
      memory: intFlag(args.memory, 'memory', { max: 100_000_000 }),
      pods: intFlag(args.pods, 'pods', { max: 100_000 }),
    }
    const isolation = args.isolation ?? 'process'
    if (isolation !== 'process' && isolation !== 'worker')
      throw usageError(`--isolation must be process or worker, not "${isolation}"`)
    const warmPool = intFlag(args['warm-pool'], 'warm-pool', { max: 64 })
    const podNice = intFlag(args['pod-nice'], 'pod-nice', { max: 19 })
    const podNetwork = args['pod-network'] ?? 'default'
    if (podNetwork !== 'default' && podNetwork !== 'restricted' && podNetwork !== 'open')
      throw usageError(`--pod-network must be default, restricted or open, not "${podNetwork}"`)
    const credential = args.token || (await userToken(ctx, settings))

    const { startNodeAgent, createLogger, parsePodUser, OPEN_NETWORK_WARNING } = await import('@stark/node-node')
    let podUser: ReturnType<typeof parsePodUser> | undefined
    try {
      podUser = args['pod-user'] ? parsePodUser(args['pod-user']) : undefined
    } catch (error) {
      throw usageError(`--pod-user: ${(error as Error).message}`)
    }
    const level = args['log-level'] ?? ctx.env.STARK_LOG_LEVEL
    const format = args['log-format'] ?? ctx.env.STARK_LOG_FORMAT
    const log =
      level === 'silent'
        ? undefined
        : createLogger({
            ...(level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? { level } : {}),
            pretty: format === 'pretty' || (format !== 'json' && ctx.isTTY),
          })
    const shutdown = ctx.trapSignals()
    const { agent, stop } = await startNodeAgent({
      serverUrl: settings.apiUrls.join(','),
      name,
      labels,
      taints,
      allocatable,
      home: starkHome(ctx.env),
      insecure: settings.insecure,
      log: log ?? silentLogger,
      isolation,
      ...(warmPool !== undefined ? { warmPool } : {}),
      ...(podNice !== undefined ? { podNice } : {}),
      ...(podUser ? { podUser } : {}),
      podNetwork,
      agentVersion: VERSION,
      ...(credential ? { credential } : {}),
    })

    const say = (text: string, json: Record<string, unknown>) =>
      ctx.stdout.write(
        settings.format === 'json'
          ? `${JSON.stringify({ at: new Date(ctx.now()).toISOString(), node: name, ...json })}\n`
          : `${new Date(ctx.now()).toISOString().slice(11, 19)}  ${safeText(text)}\n`,
      )
    const seen = new Map<string, string>()
    const describePod = (p: LocalPod) => `${p.assignment.namespace}/${p.assignment.name}`
    say(`node ${name}: starting (server ${settings.apiUrl}, home ${starkHome(ctx.env)}, pods isolated by ${isolation})`, {
      state: 'starting',
      server: settings.apiUrl,
      isolation,
    })
    if (podNetwork === 'open' && isolation === 'process') ctx.stderr.write(`warning: ${OPEN_NETWORK_WARNING}\n`)
    if (isolation === 'worker')
      ctx.stderr.write(
        'warning: --isolation worker runs packs inside the agent’s process: a pack can read this node’s credentials\n',
      )

    const stoppedBy = await new Promise<string | undefined>((resolve) => {
      agent.on((e) => {
        if (e.type === 'state') {
          say(`node ${name}: ${e.state}${e.detail ? ` (${e.detail})` : ''}`, {
            state: e.state,
            ...(e.detail ? { detail: e.detail } : {}),
          })
          if (e.state === 'stopped') resolve(e.detail ?? 'stopped')
        } else if (e.type === 'pod' && seen.get(e.pod.assignment.podId) !== e.pod.status) {
          seen.set(e.pod.assignment.podId, e.pod.status)
          const why = e.pod.exit?.reason ? ` (${e.pod.exit.reason}${e.pod.exit.message ? `: ${e.pod.exit.message}` : ''})` : ''
          say(`pod ${describePod(e.pod)}: ${e.pod.status}${why}`, {
            pod: describePod(e.pod),
            podId: e.pod.assignment.podId,
            status: e.pod.status,
            ...(e.pod.exit ? { exit: e.pod.exit } : {}),
          })
        }
      })
      shutdown.addEventListener('abort', () => resolve(undefined), { once: true })
    })
    if (stoppedBy !== undefined) {
      await stop()
      const auth = /credential|token|unauthori[sz]ed|log in/i.test(stoppedBy)
      throw new CLIError(`the node agent stopped: ${stoppedBy}`, auth ? ExitCode.unauthenticated : ExitCode.failure)
    }
    // Stopped on purpose (Ctrl-C, SIGTERM, `stark fleet stop`): the node leaves; its pods are replaced at once.
    if (settings.format !== 'json') ctx.stderr.write('leaving the cluster and stopping pods…\n')
    const why = shutdown.reason
    await stop({ leave: true, reason: typeof why === 'string' ? why : 'stopped' })
    return noOutput
  },
})
