import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { recordOutput } from '../../lib/output'
import { nodeFields } from '../../views/nodes'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'status',
    description: 'One node in detail: labels, taints, capacity, heartbeat (example: stark node status laptop)',
  },
  args: { node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' }, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const node = await call(client.api.nodes[':ref'].$get({ param: { ref: args.node } }))
    return recordOutput(node, nodeFields)
  },
})
