import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'

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
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const pod = await call(
      client.api.pods[':ref'].rollback.$post({
        param: { ref: args.pod },
        query: { namespace: args.namespace || settings.namespace },
        json: args.version ? { version: args.version } : {},
      }),
    )
    return messageOutput(
      `pod ${pod.name} now runs ${pod.pack.name}@${pod.pack.version} (incarnation ${pod.incarnation}${pod.nodeName ? ` on ${pod.nodeName}` : ''})`,
      pod,
    )
  },
})
