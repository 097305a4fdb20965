import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'delete',
    description: 'Delete a secret; pods already running keep their environment (example: stark secret delete db -n team-a)',
  },
  args: {
    ...namespaceArg,
    name: { type: 'positional', required: true, valueHint: 'name', description: 'The secret' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const s = await call(
      client.api.secrets[':name'].$delete({ param: { name: args.name }, query: namespace ? { namespace } : {} }),
    )
    return messageOutput(`secret ${s.name} deleted from namespace ${s.namespace}`, s)
  },
})
