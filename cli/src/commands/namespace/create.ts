import { defineCommand } from 'citty'
import { openCommand } from '../../lib/command'
import { resourceName } from '@stark/shared'
import { globalArgs, intFlag } from '../../lib/args'
import { call } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a namespace you own; a quota caps its pods, CPU and memory (example: stark namespace create team-a --quota-pods 10 --quota-cpu 2000 --quota-memory 1024)',
  },
  args: {
    name: {
      type: 'positional',
      required: true,
      valueHint: 'name',
      description: 'Lower-case letters, digits and "-" (at most 63)',
    },
    'quota-pods': { type: 'string', valueHint: 'n', description: 'Most pods at once (not finished)' },
    'quota-cpu': { type: 'string', valueHint: 'milli', description: 'Most CPU its pods may request together (millicores)' },
    'quota-memory': { type: 'string', valueHint: 'MB', description: 'Most memory its pods may request together (MB)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    if (!resourceName.safeParse(args.name).success)
      throw usageError(`namespace "${args.name}" must be lower-case letters, digits and "-" (at most 63)`)
    const pods = intFlag(args['quota-pods'], 'quota-pods', { max: 100_000 })
    const cpu = intFlag(args['quota-cpu'], 'quota-cpu', { max: 10_000_000 })
    const memory = intFlag(args['quota-memory'], 'quota-memory', { max: 100_000_000 })
    const quota = {
      ...(pods !== undefined ? { pods } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memory } : {}),
    }
    const { client } = openCommand(data, args)
    const ns = await call(
      client.api.namespaces.$post({ json: { name: args.name, ...(Object.keys(quota).length ? { quota } : {}) } }),
    )
    return messageOutput(`namespace ${ns.name} created`, ns)
  },
})
