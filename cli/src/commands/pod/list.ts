import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'
import { listScope, namespacedListArgs, noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { podColumns, podList } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Pods in the current namespace, or every namespace with -A (example: stark pod list -l app=web -o wide)',
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
        client.api.pods,
        query,
        podColumns,
        scope.empty('pods'),
        podList(scope.all),
        args.headers !== false,
      )
    const pods = await listAll((cursor) => call(client.api.pods.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(pods, podColumns, scope.empty('pods'), podList(scope.all))
  },
})
