import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'delete',
    description:
      'Remove a node that is not Ready; its pods are replaced elsewhere (--force: even a Ready one, whose agent then stops) (example: stark node delete old-laptop)',
  },
  args: {
    node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' },
    force: { type: 'boolean', description: 'Delete even a Ready node (its agent is disconnected and stops)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const gone = await call(
      client.api.nodes[':ref'].$delete({ param: { ref: args.node }, query: args.force ? { force: 'true' } : {} }),
    )
    const pods = gone.podsEnded
      ? `; ${gone.podsEnded} pod run${gone.podsEnded === 1 ? '' : 's'} ended there and ${gone.podsEnded === 1 ? 'is' : 'are'} replaced elsewhere`
      : ''
    return messageOutput(`node ${gone.name} deleted${pods}`, gone)
  },
})
