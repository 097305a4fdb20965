import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'delete',
    description:
      'Delete a priority class (admins); pods keep the priority they were created with (example: stark priorityclass delete batch)',
  },
  args: { name: { type: 'positional', required: true, valueHint: 'name', description: 'Class name' }, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const pc = await call(client.api.priorityclasses[':name'].$delete({ param: { name: args.name } }))
    return messageOutput(`priority class ${pc.name} deleted`, pc)
  },
})
