import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceColumns } from '../../views/services'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Services you can see, with desired / ready / up-to-date / available pods (example: stark service list -o json)',
  },
  args: { ...namespaceArg, ...watchArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { namespace, client } = opened
    if (args.watch)
      return watchListCommand(
        opened,
        client.api.services,
        { namespace },
        serviceColumns,
        namespace ? `no services in namespace ${namespace}` : 'no services',
      )
    const services = await listAll((cursor) => call(client.api.services.$get({ query: { limit: 1000, cursor, namespace } })))
    return listOutput(services, serviceColumns, namespace ? `no services in namespace ${namespace}` : 'no services')
  },
})
