import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { noHeadersArg, selectorArg, selectorQuery } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { nodeColumns, nodeList } from '../../views/nodes'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Nodes with their allocated/allocatable CPU, memory and pods (example: stark node list -l stark.io/webgpu=true -o wide)',
  },
  args: { ...selectorArg, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const query = selectorQuery(args.selector)
    const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor, ...query } })))
    return listOutput(nodes, nodeColumns, 'no nodes (start one: stark node agent start)', nodeList)
  },
})
