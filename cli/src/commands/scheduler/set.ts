import { defineCommand } from 'citty'
import { openCommand } from '../../lib/command'
import { schedulerProfileNames, type SchedulerProfileName } from '@stark/shared'
import { globalArgs, repeatedFlag } from '../../lib/args'
import { call } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'

/** `Plugin=N` pairs into weights. */
function weightsFlag(values: string[]): Record<string, number> | undefined {
  if (values.length === 0) return undefined
  const out: Record<string, number> = {}
  for (const v of values) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(\d+(?:\.\d+)?)$/.exec(v.trim())
    if (!m) throw usageError(`--weight "${v}" must look like Plugin=N (for example NodeAffinity=5)`)
    out[m[1]!] = Number(m[2])
  }
  return out
}

export default defineCommand({
  meta: {
    name: 'set',
    description:
      'Set the scoring profile for the whole cluster (admins): spread fills the least allocated node first, binpack the most allocated; applies from the next decision (example: stark scheduler set binpack --weight NodeAffinity=5)',
  },
  args: {
    profile: { type: 'positional', required: true, valueHint: 'spread|binpack', description: 'The base profile' },
    weight: {
      type: 'string',
      valueHint: 'Plugin=N',
      description: 'Override one score weight, 0 turns a scorer off (repeatable)',
    },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    if (!(schedulerProfileNames as readonly string[]).includes(args.profile))
      throw usageError(`profile "${args.profile}" must be one of ${schedulerProfileNames.join(', ')}`)
    const weights = weightsFlag(repeatedFlag(rawArgs, 'weight'))
    const { client } = openCommand(data, args)
    const profile = await call(
      client.api.scheduler.$put({ json: { name: args.profile as SchedulerProfileName, ...(weights ? { weights } : {}) } }),
    )
    const w = Object.entries(profile.weights)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')
    return messageOutput(`scheduler profile set to ${profile.name} (${w})`, profile)
  },
})
