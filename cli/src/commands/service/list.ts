import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'
import { listScope, namespacedListArgs, noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { serviceColumns, serviceList } from '../../views/services'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Services in the current namespace (or all with -A), with desired / ready / up-to-date / available pods (example: stark service list -l tier=front)',
  },
  args: { ...namespacedListArgs, ...selectorArg, ...noHeadersArg, ...watchArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { namespace: current, client } = opened
    const scope = listScope(args, current)
    const query = { ...selectorQuery(args.selector), ...(scope.namespace ? { namespace: scope.namespace } : {}) }
    if (args.watch)
      return watchListCommand(
        opened,
        client.api.services,
        query,
        serviceColumns,
        scope.empty('services'),
        serviceList(scope.all),
        args.headers !== false,
      )
    const services = await listAll((cursor) => call(client.api.services.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(services, serviceColumns, scope.empty('services'), serviceList(scope.all))
  },
})
