import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { podColumns } from '../../views/pods'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Pods you can see (every namespace unless -n or a config namespace) (example: stark pod list -n default -o json)',
  },
  args: { ...namespaceArg, ...watchArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { namespace, client } = opened
    if (args.watch)
      return watchListCommand(
        opened,
        client.api.pods,
        { namespace },
        podColumns,
        namespace ? `no pods in namespace ${namespace}` : 'no pods',
      )
    const pods = await listAll((cursor) => call(client.api.pods.$get({ query: { limit: 1000, cursor, namespace } })))
    return listOutput(pods, podColumns, namespace ? `no pods in namespace ${namespace}` : 'no pods')
  },
})
