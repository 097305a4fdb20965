import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'

export default defineCommand({
  meta: {
    name: 'pause',
    description:
      'Pause a service: its pods keep running; no scaling, replacing or rollouts until resumed (example: stark service pause web)',
  },
  args: { ...namespaceArg, ...serviceRefArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const service = await call(
      client.api.services[':ref'].pause.$post({
        param: { ref: args.service },
        query: { namespace: args.namespace || settings.namespace },
      }),
    )
    return messageOutput(`service ${service.name} paused`, service)
  },
})
