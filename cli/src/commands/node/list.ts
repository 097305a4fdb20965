import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'
import { noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { nodeColumns, nodeList } from '../../views/nodes'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Nodes with their allocated/allocatable CPU, memory and pods (example: stark node list -l stark.io/webgpu=true -o wide)',
  },
  args: { ...selectorArg, ...noHeadersArg, ...watchArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { client } = opened
    const query = selectorQuery(args.selector)
    if (args.watch)
      return watchListCommand(
        opened,
        client.api.nodes,
        query,
        nodeColumns,
        'no nodes (start one: stark node agent start)',
        nodeList,
        args.headers !== false,
      )
    const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(nodes, nodeColumns, 'no nodes (start one: stark node agent start)', nodeList)
  },
})
