import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { podHistoryColumns } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'history',
    description: 'Every status a pod went through, oldest first, per run (example: stark pod history hello-x7k2p)',
  },
  args: { ...namespaceArg, ...podRefArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const res = await call(
      client.api.pods[':ref'].history.$get({
        param: { ref: args.pod },
        query: { namespace: args.namespace || settings.namespace },
      }),
    )
    return listOutput(res.items, podHistoryColumns, 'no history')
  },
})
