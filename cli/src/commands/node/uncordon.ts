import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'uncordon',
    description: 'Let a cordoned node take new pods again; waiting pods are placed at once (example: stark node uncordon laptop)',
  },
  args: { node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' }, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const node = await call(client.api.nodes[':ref'].uncordon.$post({ param: { ref: args.node } }))
    return messageOutput(`node ${node.name} uncordoned: it takes new pods again`, node)
  },
})
