import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../../lib/args'
import { apiError, call, connect, responseError, type Api } from '../../lib/client'
import { resolveSettings, type Settings } from '../../lib/config'
import { contextFrom, type CliContext } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { messageOutput, noOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { readEvents } from '../../lib/sse'
import type { LogLine } from '../../views/types'

interface LogQuery {
  namespace: string | undefined
  tail: number | undefined
  since: string | undefined
}

/** Streams lines as they come until the pod ends or the user presses Ctrl-C. */
async function follow(ctx: CliContext, api: Api, settings: Settings, ref: string, query: LogQuery) {
  const url = api.client.api.pods[':ref'].logs.$url({
    param: { ref },
    query: { follow: 'true', namespace: query.namespace, tail: query.tail, since: query.since },
  })
  const stop = new AbortController()
  const shutdown = ctx.trapSignals()
  const onShutdown = () => stop.abort()
  shutdown.addEventListener('abort', onShutdown, { once: true })
  try {
    const res = await api.fetch(url, { headers: { accept: 'text/event-stream' }, signal: stop.signal })
    if (!res.ok || !res.body) throw responseError(res.status, await res.json().catch(() => undefined))
    for await (const event of readEvents(res.body)) {
      if (event.event === 'end') break
      if (event.event !== 'log') continue
      const line: LogLine = JSON.parse(event.data)
      ctx.stdout.write(settings.format === 'json' ? `${JSON.stringify(line)}\n` : `${line.line}\n`)
    }
  } catch (error) {
    if (!stop.signal.aborted) throw apiError(error)
  } finally {
    shutdown.removeEventListener('abort', onShutdown)
  }
}

export default defineCommand({
  meta: {
    name: 'logs',
    description: 'A pod’s output; -f keeps streaming until the pod ends or Ctrl-C; with -o json and -f, one JSON object per line (example: stark pod logs hello-x7k2p -f --tail 20)',
  },
  args: {
    ...namespaceArg,
    ...podRefArg,
    follow: { type: 'boolean', alias: 'f', description: 'Keep streaming new lines' },
    tail: { type: 'string', valueHint: 'n', description: 'Only the last n lines (1–10000)' },
    since: { type: 'string', valueHint: 'iso', description: 'Only lines at or after this time (ISO 8601, e.g. 2026-11-27T17:00:00Z)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    if (args.since && !(/^\d{4}-\d\d-\d\dT/.test(args.since) && Number.isFinite(Date.parse(args.since)))) {
      throw usageError(`--since must be an ISO 8601 time such as 2026-11-27T17:00:00Z (got "${args.since}")`)
    }
    const query: LogQuery = {
      namespace: args.namespace || settings.namespace,
      tail: intFlag(args.tail, 'tail', { min: 1, max: 10_000 }),
      since: args.since || undefined,
    }
    const api = connect(ctx, settings)
    if (args.follow) {
      await follow(ctx, api, settings, args.pod, query)
      return noOutput
    }
    const body = await call(api.client.api.pods[':ref'].logs.$get({ param: { ref: args.pod }, query }))
    const items = typeof body === 'object' && 'items' in body ? body.items : []
    return messageOutput(items.map((l) => l.line).join('\n'), items)
  },
})
