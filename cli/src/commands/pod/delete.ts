import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: { name: 'delete', description: 'Delete a pod: a running pod is stopped first (example: stark pod delete hello-x7k2p)' },
  args: { ...namespaceArg, ...podRefArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const result = await call(client.api.pods[':ref'].$delete({ param: { ref: args.pod }, query: { namespace } }))
    const name = result.pod?.name ?? args.pod
    const text = result.deleted
      ? `pod ${name} deleted`
      : result.pod?.status === 'Stopping'
        ? `pod ${name} stopping (deleted once its node has stopped it)`
        : `pod ${name} deleted (${result.pod?.status ?? 'gone'}; listed until it is cleaned up)`
    return messageOutput(text, result)
  },
})
