import type { Schema } from '@stark/client'
import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../../lib/args'
import { apiError, call, connect, responseError, type Api } from '../../lib/client'
import type { Settings } from '../../lib/config'
import type { CliContext } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { safeText, sseEvents } from '@stark/shared'
import { messageOutput, noOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { parseSince } from '../../lib/since'
import type { LogLine } from '../../views/types'
import { commandSettings } from '../../lib/command'

interface LogQuery {
  namespace: string | undefined
  tail: number | undefined
  since: string | undefined
}

/** A pod's run or status as the log stream reports it: these fields of the pod. */
type RunStatus = Pick<Schema<'Pod'>, 'incarnation' | 'status' | 'reason' | 'message' | 'nodeName' | 'restarts'> & {
  /** How a stored run ended, sent between its lines and the next run's (not a change happening now). */
  replay?: boolean
}

/**
 * Markers between runs go to stderr, so stdout is exactly the pod's output (and with -o json,
 * exactly one LogLine object per line). Lines are printed through `safeText`: what a pack prints
 * stays readable, but escape sequences and control characters are shown, never obeyed.
 */
function markers(ctx: CliContext) {
  let lastRun: number | undefined
  const announced = new Set<number>()
  return {
    /** Before a line: a `── run N ──` marker when the run changed and nothing announced it. */
    line(l: LogLine) {
      if (l.incarnation < 0) return
      if (lastRun !== undefined && l.incarnation !== lastRun && !announced.has(l.incarnation))
        ctx.stderr.write(`── run ${l.incarnation} ──\n`)
      lastRun = l.incarnation
    },
    /** A change of run or status while following. */
    status(s: RunStatus, first: boolean) {
      if (first && s.status === 'Running') return
      const where = s.nodeName ? ` on ${s.nodeName}` : ''
      const restart = s.restarts > 0 && (s.status === 'Scheduled' || s.status === 'Running') ? ` (restart ${s.restarts})` : ''
      const why = s.reason || s.message ? ` — ${[s.reason, s.message].filter(Boolean).join(': ')}` : ''
      ctx.stderr.write(
        `── ${safeText(`${s.incarnation > 0 ? `run ${s.incarnation}` : 'not started'}: ${s.status}${where}${restart}${why}`)} ──\n`,
      )
      if (s.status === 'Scheduled' || s.status === 'Running') announced.add(s.incarnation)
    },
  }
}

/** Streams lines as they come — through restarts of the pod — until it has finished for good or Ctrl-C. */
async function follow(ctx: CliContext, api: Api, settings: Settings, ref: string, query: LogQuery) {
  const url = api.client.api.pods[':ref'].logs.$url({
    param: { ref },
    query: { follow: 'true', namespace: query.namespace, tail: query.tail, since: query.since },
  })
  const stop = new AbortController()
  const shutdown = ctx.trapSignals()
  const onShutdown = () => stop.abort()
  shutdown.addEventListener('abort', onShutdown, { once: true })
  const mark = markers(ctx)
  let first = true
  try {
    const res = await api.fetch(url, { headers: { accept: 'text/event-stream' }, signal: stop.signal })
    if (!res.ok || !res.body) throw responseError(res.status, await res.json().catch(() => undefined))
    for await (const event of sseEvents(res.body)) {
      if (event.event === 'end') break
      if (event.event === 'error') throw usageError(`the log stream ended: ${JSON.parse(event.data).message}`)
      if (event.event === 'status') {
        const status = JSON.parse(event.data) as RunStatus
        mark.status(status, first && !status.replay)
        if (!status.replay) first = false
        continue
      }
      if (event.event !== 'log') continue
      const line: LogLine = JSON.parse(event.data)
      mark.line(line)
      ctx.stdout.write(settings.format === 'json' ? `${JSON.stringify(line)}\n` : `${safeText(line.line)}\n`)
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
    description:
      'A pod’s output, every run oldest first (a "── run N ──" marker on stderr between runs); -f keeps streaming through restarts until the pod has finished for good or Ctrl-C; --previous shows the run before the current one; with -o json one JSON object per line (example: stark pod logs hello-x7k2p -f --tail 20)',
  },
  args: {
    ...namespaceArg,
    ...podRefArg,
    follow: { type: 'boolean', alias: 'f', description: 'Keep streaming new lines, across restarts of the pod' },
    tail: { type: 'string', valueHint: 'n', description: 'Only the last n lines (1–10000)' },
    since: {
      type: 'string',
      valueHint: 'time',
      description: 'Only lines from this time on: ISO 8601 (2026-11-27T17:00:00Z) or a duration ago (10m, 2h)',
    },
    previous: {
      type: 'boolean',
      alias: 'p',
      description: 'The previous run’s output (incarnation − 1), e.g. the run that crashed before a restart',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    if (args.previous && args.follow) throw usageError('--previous shows a finished run; it does not go with -f')
    const query: LogQuery = {
      namespace,
      tail: intFlag(args.tail, 'tail', { min: 1, max: 10_000 }),
      since: parseSince(args.since, ctx.now()),
    }
    const api = connect(ctx, settings)
    if (args.follow) {
      await follow(ctx, api, settings, args.pod, query)
      return noOutput
    }
    const body = await call(
      api.client.api.pods[':ref'].logs.$get({
        param: { ref: args.pod },
        query: { ...query, ...(args.previous ? { previous: 'true' as const } : {}) },
      }),
    )
    const items = typeof body === 'object' && 'items' in body ? body.items : []
    if (settings.format === 'json') return messageOutput('', items)
    const mark = markers(ctx)
    for (const line of items) {
      mark.line(line)
      ctx.stdout.write(`${safeText(line.line)}\n`)
    }
    return noOutput
  },
})
