import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect, listAll } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { nodeColumns } from '../../views/nodes'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Nodes with their allocated/allocatable CPU, memory and pods (example: stark node list -o json)',
  },
  args: globalArgs,
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))
    return listOutput(nodes, nodeColumns, 'no nodes (start one: stark node agent start)')
  },
})
