import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { listScope, namespacedListArgs, noHeadersArg } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { secretColumns } from '../../views/access'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Your secrets in the current namespace (or all with -A): names and keys, never values (example: stark secret list -A)',
  },
  args: { ...namespacedListArgs, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace: current, client } = openCommand(data, args)
    const scope = listScope(args, current)
    const { items } = await call(client.api.secrets.$get({ query: scope.namespace ? { namespace: scope.namespace } : {} }))
    return listOutput(items, secretColumns, scope.empty('secrets'), {
      kind: 'secret',
      name: (s) => s.name,
      namespace: scope.all ? (s) => s.namespace : undefined,
    })
  },
})
