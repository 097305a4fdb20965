import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { listOutput, recordOutput } from '../../lib/output'
import { userColumns, userFields } from '../../views/access'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'users',
    description:
      'Admins: list users (no argument), or change one: its role, --disable or --enable (example: stark auth users bob@example.com --role viewer)',
  },
  args: {
    user: {
      type: 'positional',
      required: false,
      valueHint: 'email|id',
      description: 'The user to change (none: list every user)',
    },
    role: { type: 'enum', options: ['user', 'viewer', 'admin'], description: 'Give the user this role' },
    disable: { type: 'boolean', description: 'Disable the user: no login, sessions end at once' },
    enable: { type: 'boolean', description: 'Enable a disabled user' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const change = args.role !== undefined || args.disable === true || args.enable === true
    if (!args.user) {
      if (change) throw usageError('name the user to change: stark auth users <email> --role R | --disable | --enable')
      const { items } = await call(client.api.users.$get())
      return listOutput(items, userColumns, 'no users')
    }
    if (args.disable && args.enable) throw usageError('--disable or --enable, not both')
    const ref = { param: { ref: args.user } }
    if (!change) return recordOutput(await call(client.api.users[':ref'].$get(ref)), userFields)
    const json = {
      ...(args.role ? { role: args.role } : {}),
      ...(args.disable ? { disabled: true } : args.enable ? { disabled: false } : {}),
    }
    return recordOutput(await call(client.api.users[':ref'].$patch({ ...ref, json })), userFields)
  },
})
