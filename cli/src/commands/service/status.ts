import { formatDuration } from '@stark/shared'
import { defineCommand, type ParsedArgs } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { boundedDurationFlag } from '../../lib/duration'
import { CLIError } from '../../lib/errors'
import { recordOutput } from '../../lib/output'
import { startProgress } from '../../lib/progress'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'
import { converged, rolloutFailure, serviceFields } from '../../views/services'
import { openCommand } from '../../lib/command'

export const statusArgs = {
  ...namespaceArg,
  ...serviceRefArg,
  wait: {
    type: 'boolean',
    description:
      'Wait until every pod is up to date and available; exit 1 when the rollout failed or was rolled back, or on --timeout',
  },
  timeout: { type: 'string', valueHint: 'duration', description: 'How long --wait waits, e.g. 90s or 10m (default 2m)' },
  ...globalArgs,
} as const

export default defineCommand({
  meta: {
    name: 'status',
    description:
      'One service in detail: pod counts, condition, rollout, its pods with their nodes, recent events; --wait until every pod is up to date and available (example: stark service status web --wait)',
  },
  args: statusArgs,
  run: ({ args, data }) => serviceStatus(args, data),
})

/** `stark service status` (and `stark service rollout status`, which always waits). */
export async function serviceStatus(args: ParsedArgs<typeof statusArgs>, data: unknown) {
  const { ctx, namespace, client } = openCommand(data, args)
  const timeoutMs = boundedDurationFlag(args.timeout, 'timeout', { min: 1000, max: 86_400_000 }) ?? 120_000
  const get = () =>
    call(
      client.api.services[':ref'].$get({
        param: { ref: args.service },
        query: { namespace },
      }),
    )
  let service = await get()
  if (args.wait) {
    const signal = ctx.trapSignals()
    const deadline = ctx.now() + timeoutMs
    // On a terminal, stderr shows how far it got while it waits (cleared before any output).
    const progress = startProgress(ctx, `waiting for service ${service.name}…`)
    for (;;) {
      // A failed or rolled-back rollout is an outcome, not progress: say why and exit 1.
      const failure = rolloutFailure(service)
      if (failure) {
        progress.done()
        throw new CLIError(`service ${service.name}: ${failure}`)
      }
      if (converged(service)) break
      progress.update(
        `waiting for service ${service.name}: ${service.counts.available}/${service.counts.desired} available, ${service.counts.updated} up to date…`,
      )
      if (ctx.now() >= deadline || signal.aborted) {
        progress.done()
        const c = service.counts
        throw new CLIError(
          `service ${service.name} did not converge in ${formatDuration(timeoutMs)}: desired ${c.desired}, current ${c.current}, up-to-date ${c.updated}, available ${c.available}${service.condition ? ` (${service.condition.type}: ${service.condition.message})` : ''}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
      service = await get().catch((error: unknown) => {
        progress.done()
        throw error
      })
    }
    progress.done()
  }
  return recordOutput(service, serviceFields)
}
