import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, listAll } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { nodeColumns } from '../../views/nodes'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Nodes with their allocated/allocatable CPU, memory and pods (example: stark node list -o json)',
  },
  args: globalArgs,
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))
    return listOutput(nodes, nodeColumns, 'no nodes (start one: stark node agent start)')
  },
})
