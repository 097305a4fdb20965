import { defineCommand } from 'citty'
import { formatPackRef } from '@stark/shared'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'rollback',
    description:
      "Run a pod's previous version: its node gets a new incarnation with the older bundle (example: stark pod rollback hello-x7k2p)",
  },
  args: {
    ...namespaceArg,
    ...podRefArg,
    version: {
      type: 'string',
      valueHint: 'v',
      description: 'The version to run (default: the one registered before the current one)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const pod = await call(
      client.api.pods[':ref'].rollback.$post({
        param: { ref: args.pod },
        query: { namespace },
        json: args.version ? { version: args.version } : {},
      }),
    )
    return messageOutput(
      `pod ${pod.name} now runs ${formatPackRef(pod.pack, pod.namespace)} (incarnation ${pod.incarnation}${pod.nodeName ? ` on ${pod.nodeName}` : ''})`,
      pod,
    )
  },
})
