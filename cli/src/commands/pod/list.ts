import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { listScope, namespacedListArgs, noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { podColumns, podList } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Pods in the current namespace, or every namespace with -A (example: stark pod list -l app=web -o wide)',
  },
  args: { ...namespacedListArgs, ...selectorArg, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace: current, client } = openCommand(data, args)
    const scope = listScope(args, current)
    const query = { ...selectorQuery(args.selector), ...(scope.namespace ? { namespace: scope.namespace } : {}) }
    const pods = await listAll((cursor) => call(client.api.pods.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(pods, podColumns, scope.empty('pods'), podList(scope.all))
  },
})
