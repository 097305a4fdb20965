import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { secretColumns } from '../../views/access'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: { name: 'list', description: 'Your secrets: names and keys, never values (example: stark secret list -n team-a)' },
  args: { ...namespaceArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const { items } = await call(client.api.secrets.$get({ query: namespace ? { namespace } : {} }))
    return listOutput(items, secretColumns, namespace ? `no secrets in namespace ${namespace}` : 'no secrets')
  },
})
