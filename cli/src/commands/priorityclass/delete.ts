import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'delete',
    description:
      'Delete a priority class (admins); pods keep the priority they were created with (example: stark priorityclass delete batch)',
  },
  args: { name: { type: 'positional', required: true, valueHint: 'name', description: 'Class name' }, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const pc = await call(client.api.priorityclasses[':name'].$delete({ param: { name: args.name } }))
    return messageOutput(`priority class ${pc.name} deleted`, pc)
  },
})
