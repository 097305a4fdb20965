import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'cordon',
    description: 'Stop placing new pods on a node; its pods keep running (example: stark node cordon laptop)',
  },
  args: { node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' }, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const node = await call(client.api.nodes[':ref'].cordon.$post({ param: { ref: args.node } }))
    return messageOutput(`node ${node.name} cordoned: it keeps its pods and takes no new ones`, node)
  },
})
