import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../lib/args'
import { apiError, call, connect, responseError, type Api } from '../lib/client'
import type { Settings } from '../lib/config'
import type { CliContext } from '../lib/context'
import { CLIError, ExitCode, usageError } from '../lib/errors'
import { safeText, sseEvents } from '@stark/shared'
import { listOutput, noOutput, paint } from '../lib/output'
import { parseSince } from '../lib/since'
import { eventColumns, eventLine, eventTone } from '../views/events'
import type { StarkEvent } from '../views/types'
import { commandSettings } from '../lib/command'
import { watchArg, watchListCommand } from '../lib/watch'

const CATEGORIES = ['pod', 'node', 'service', 'pack', 'system', 'auth', 'scheduler', 'audit'] as const

interface EventsQuery {
  category?: (typeof CATEGORIES)[number] | undefined
  resource?: string | undefined
  namespace?: string | undefined
  severity?: string | undefined
  type?: string | undefined
  since?: string | undefined
  limit?: number | undefined
}

/** Reconnects this often before giving up when the stream breaks (the server restarted, a proxy cut it). */
const MAX_RETRIES = 5

/** Prints events as they commit until Ctrl-C; resumes after a dropped connection with Last-Event-ID. */
async function follow(ctx: CliContext, api: Api, settings: Settings, query: EventsQuery) {
  const stop = new AbortController()
  const shutdown = ctx.trapSignals()
  const onShutdown = () => stop.abort()
  shutdown.addEventListener('abort', onShutdown, { once: true })
  const print = (e: StarkEvent) => {
    if (settings.format === 'json') return void ctx.stdout.write(`${JSON.stringify(e)}\n`)
    const cells = eventLine(e, settings.format === 'table' ? 'table' : 'plain').map((c) => safeText(c))
    if (settings.format === 'plain')
      return void ctx.stdout.write(`${cells.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')}\n`)
    const [time, severity, type, object, namespace, message] = cells
    ctx.stdout.write(
      `${time}  ${paint(severity!.padEnd(7), eventTone(e), settings.color)}  ${type!.padEnd(18)}  ${object}${namespace ? ` (${namespace})` : ''}  ${message}\n`,
    )
  }
  let lastId: string | undefined
  let failures = 0
  try {
    while (!stop.signal.aborted) {
      try {
        const url = api.client.api.events.$url({ query: { ...query, limit: query.limit, follow: 'true' } })
        const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) }
        const res = await api.fetch(url, { headers, signal: stop.signal })
        if (!res.ok || !res.body) throw responseError(res.status, await res.json().catch(() => undefined))
        failures = 0
        for await (const message of sseEvents(res.body)) {
          if (message.event === 'error')
            throw new CLIError(`the event stream ended: ${JSON.parse(message.data).message}`, ExitCode.failure)
          if (message.event !== 'event') continue
          const event = JSON.parse(message.data) as StarkEvent
          // An aggregated event comes again (same id, higher count) without moving the resume point back.
          if (lastId === undefined || event.id > Number(lastId)) lastId = String(event.id)
          print(event)
        }
        if (stop.signal.aborted) break
        throw new CLIError('the server closed the event stream', ExitCode.unavailable)
      } catch (error) {
        if (stop.signal.aborted) break
        const err = apiError(error)
        // A refused request (bad filter, not logged in) will not get better by retrying.
        if (err.exitCode !== ExitCode.unavailable || ++failures > MAX_RETRIES) throw err
        ctx.stderr.write(`warning: ${safeText(err.message)}; reconnecting (${failures}/${MAX_RETRIES})…\n`)
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (failures - 1)))
      }
    }
  } finally {
    shutdown.removeEventListener('abort', onShutdown)
  }
}

export default defineCommand({
  meta: {
    name: 'events',
    description:
      'What happened in the cluster, oldest first (the latest page, or since a time); -f keeps printing new events as they happen until Ctrl-C, one JSON object per line with -o json (example: stark events --for pod/hello-x7k2p -f)',
  },
  args: {
    follow: { type: 'boolean', alias: 'f', description: 'Keep printing new events (resumes after a dropped connection)' },
    ...watchArg,
    for: {
      type: 'string',
      valueHint: 'type/name',
      description: 'Only events about one resource (pod/NAME, node/NAME, service/NAME) or one type (pod)',
    },
    category: {
      type: 'enum',
      options: [...CATEGORIES],
      description:
        'Only one category: pod, node, service, pack, system, auth, scheduler or audit (sign-ins, users, secrets, node tokens, nodes joining, settings; admins only)',
    },
    namespace: {
      type: 'string',
      alias: 'n',
      valueHint: 'ns',
      description: 'Only events in this namespace (node events have none)',
    },
    severity: {
      type: 'string',
      valueHint: 'level',
      description: 'Only these severities: info, warning, error (comma-separated, e.g. warning,error)',
    },
    type: { type: 'string', valueHint: 'type', description: 'Only one event type, e.g. PodFailed' },
    since: { type: 'string', valueHint: 'time', description: 'From this time on: ISO 8601 or a duration ago (10m, 2h, 1d)' },
    limit: {
      type: 'string',
      valueHint: 'n',
      description: 'At most n events (1–1000; default 500): the newest n, or the first n after --since',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const opened = commandSettings(data, args)
    const { ctx, settings } = opened
    if (args.watch && args.follow) throw usageError('give -f or -w, not both')
    if (args.for && !/^[a-z]+(\/[A-Za-z0-9._@-]{1,253})?$/.test(args.for))
      throw usageError(`--for must be a resource type (pod) or type/name (pod/web-1) (got "${args.for}")`)
    if (args.severity && !/^(info|warning|error)(,(info|warning|error))*$/.test(args.severity))
      throw usageError(`--severity must be info, warning or error, comma-separated (got "${args.severity}")`)
    const query: EventsQuery = {
      ...(args.category ? { category: args.category as (typeof CATEGORIES)[number] } : {}),
      ...(args.for ? { resource: args.for } : {}),
      ...(args.namespace ? { namespace: args.namespace } : {}),
      ...(args.severity ? { severity: args.severity } : {}),
      ...(args.type ? { type: args.type } : {}),
      ...(args.since ? { since: parseSince(args.since, ctx.now()) } : {}),
      ...(args.limit ? { limit: intFlag(args.limit, 'limit', { min: 1, max: 1000 }) } : {}),
    }
    const api = connect(ctx, settings)
    if (args.watch) return watchListCommand({ ...opened, ...api }, api.client.api.events, { ...query }, eventColumns, 'no events')
    if (args.follow) {
      await follow(ctx, api, settings, query)
      return noOutput
    }
    const body = await call(api.client.api.events.$get({ query }))
    const items = typeof body === 'object' && 'items' in body ? body.items : []
    return listOutput(items, eventColumns, 'no events')
  },
})
