/**
 * `stark pack push --service`: follows the service's rollout to the new version, one line per
 * change of its counts (pods updated / available), until every pod runs it and is available.
 * A rollout that failed or was rolled back is the command's error (exit 1, with the reason).
 */
import { formatPackRef } from '@stark/shared'
import type { CliContext } from '../../../lib/context'
import { CLIError } from '../../../lib/errors'
import { converged, rolloutFailure } from '../../../views/services'

type Service = Parameters<typeof converged>[0]

export interface FollowOptions {
  ctx: CliContext
  get: () => Promise<Service>
  target: string
  timeoutMs: number
  signal: AbortSignal
  pollMs?: number
}

export async function followRollout(o: FollowOptions): Promise<Service> {
  const { ctx } = o
  const deadline = ctx.now() + o.timeoutMs
  let last = ''
  for (;;) {
    const service = await o.get()
    const failure = rolloutFailure(service)
    if (failure) throw new CLIError(`service ${service.name}: ${failure}`)
    const c = service.counts
    const line = `service ${service.name}: ${c.updated}/${c.desired} updated to ${o.target}, ${c.available}/${c.desired} available`
    if (line !== last) ctx.stderr.write(`${line}\n`)
    last = line
    if (converged(service) && formatPackRef(service.pack, service.namespace) === o.target) return service
    if (ctx.now() >= deadline || o.signal.aborted)
      throw new CLIError(
        `service ${service.name} did not finish rolling out ${o.target} in ${Math.round(o.timeoutMs / 1000)}s (${c.updated}/${c.desired} updated, ${c.available}/${c.desired} available${service.condition ? `; ${service.condition.type}: ${service.condition.message}` : ''}); follow with stark service status ${service.name} --wait`,
      )
    await new Promise((resolve) => setTimeout(resolve, o.pollMs ?? 250))
  }
}
