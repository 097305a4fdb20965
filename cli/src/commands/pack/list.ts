import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { listScope, namespacedListArgs, noHeadersArg } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { packColumns, packList } from '../../views/packs'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Packs of the current namespace you can run, every version, or of every namespace with -A (example: stark pack list -A -o json)',
  },
  args: { ...namespacedListArgs, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const scope = listScope(args, opened.namespace)
    const query = scope.namespace ? { namespace: scope.namespace } : {}
    const packs = await listAll((cursor) => call(opened.client.api.packs.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(
      packs,
      packColumns,
      `${scope.empty('packs')} (stark pack bundle, then stark pack register; -A lists every namespace)`,
      packList(scope.namespace),
    )
  },
})
