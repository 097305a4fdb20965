import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { nodeColumns } from '../../views/nodes'
import { openCommand } from '../../lib/command'
import { watchArg, watchListCommand } from '../../lib/watch'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Nodes with their allocated/allocatable CPU, memory and pods (example: stark node list -o json)',
  },
  args: { ...watchArg, ...globalArgs },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { client } = opened
    if (args.watch)
      return watchListCommand(opened, client.api.nodes, {}, nodeColumns, 'no nodes (start one: stark node agent start)')
    const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))
    return listOutput(nodes, nodeColumns, 'no nodes (start one: stark node agent start)')
  },
})
