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
      'Delete an empty namespace (its finished pods go with it); refused while it holds running pods, services or secrets (example: stark namespace delete team-a)',
  },
  args: { name: { type: 'positional', required: true, valueHint: 'name', description: 'The namespace' }, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const r = await call(client.api.namespaces[':name'].$delete({ param: { name: args.name } }))
    return messageOutput(`namespace ${r.name} deleted`, r)
  },
})
