import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'uncordon',
    description: 'Let a cordoned node take new pods again; waiting pods are placed at once (example: stark node uncordon laptop)',
  },
  args: { node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' }, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const node = await call(client.api.nodes[':ref'].uncordon.$post({ param: { ref: args.node } }))
    return messageOutput(`node ${node.name} uncordoned: it takes new pods again`, node)
  },
})
