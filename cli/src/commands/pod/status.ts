import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { recordOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { podFields } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'status',
    description: 'One pod in detail, with the scheduler’s reason when it is not placed (example: stark pod status hello-x7k2p)',
  },
  args: { ...namespaceArg, ...podRefArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const pod = await call(
      client.api.pods[':ref'].$get({ param: { ref: args.pod }, query: { namespace: args.namespace || settings.namespace } }),
    )
    return recordOutput(pod, podFields)
  },
})
