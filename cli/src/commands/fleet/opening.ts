/** What `stark fleet run` and `stark fleet start` share: their flags and how they open. */
import { globalArgs, intFlag } from '../../lib/args'
import { commandSettings } from '../../lib/command'
import { usageError } from '../../lib/errors'

export const fleetArgs = {
  count: { type: 'string', required: true, valueHint: 'n', description: 'How many browser nodes (pages)' },
  label: { type: 'string', valueHint: 'k=v', description: 'Label every node (repeatable)' },
  prefix: { type: 'string', description: 'Node names are <prefix>-1 … <prefix>-N (default fleet-<random>)' },
  ...globalArgs,
} as const

/** The settings, the home the fleet's state lives in, the page count, and when joining has taken too long. */
export function openFleet(data: unknown, args: { count: string } & Parameters<typeof commandSettings>[1]) {
  const { ctx, settings } = commandSettings(data, args)
  const count = intFlag(args.count, 'count', { min: 1, max: 1000 })
  if (count === undefined) throw usageError('--count is required')
  return { ctx, settings, home: settings.home, count, joinDeadline: ctx.now() + 60_000 + count * 2_000 }
}
