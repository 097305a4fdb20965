import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { listScope, namespacedListArgs, noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { serviceColumns, serviceList } from '../../views/services'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Services in the current namespace (or all with -A), with desired / ready / up-to-date / available pods (example: stark service list -l tier=front)',
  },
  args: { ...namespacedListArgs, ...selectorArg, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace: current, client } = openCommand(data, args)
    const scope = listScope(args, current)
    const query = { ...selectorQuery(args.selector), ...(scope.namespace ? { namespace: scope.namespace } : {}) }
    const services = await listAll((cursor) => call(client.api.services.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(services, serviceColumns, scope.empty('services'), serviceList(scope.all))
  },
})
