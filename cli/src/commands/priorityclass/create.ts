import { defineCommand } from 'citty'
import { openCommand } from '../../lib/command'
import { globalArgs, intFlag } from '../../lib/args'
import { call } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a priority class (admins): pods created with --priority-class NAME get its value (example: stark priorityclass create critical --value 900)',
  },
  args: {
    name: { type: 'positional', required: true, valueHint: 'name', description: 'Class name' },
    value: {
      type: 'string',
      required: true,
      valueHint: 'n',
      description: 'Priority 0–1000; a pending pod may preempt pods of lower priority',
    },
    description: { type: 'string', valueHint: 'text', description: 'What the class is for' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const value = intFlag(args.value, 'value', { max: 1000 })
    if (value === undefined) throw usageError('--value is required')
    const { client } = openCommand(data, args)
    const pc = await call(
      client.api.priorityclasses.$post({ json: { name: args.name, value, description: args.description || undefined } }),
    )
    return messageOutput(`priority class ${pc.name} created (value ${pc.value})`, pc)
  },
})
