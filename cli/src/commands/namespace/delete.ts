import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'delete',
    description:
      'Delete an empty namespace (its finished pods go with it); refused while it holds running pods, services or secrets (example: stark namespace delete team-a)',
  },
  args: { name: { type: 'positional', required: true, valueHint: 'name', description: 'The namespace' }, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const r = await call(client.api.namespaces[':name'].$delete({ param: { name: args.name } }))
    return messageOutput(`namespace ${r.name} deleted`, r)
  },
})
