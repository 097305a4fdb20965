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
    name: 'rollback',
    description:
      'Go back to the previous version: the one a rollout in progress started from, or the latest earlier one (example: stark service rollback web; follow with stark service status web --wait)',
  },
  args: { ...namespaceArg, ...serviceRefArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const service = await call(
      client.api.services[':ref'].rollback.$post({
        param: { ref: args.service },
        query: { namespace: args.namespace || settings.namespace },
      }),
    )
    return messageOutput(
      `service ${service.name}: rolling back to ${service.pack.name}@${service.pack.version}; follow with stark service status ${service.name} --wait`,
      service,
    )
  },
})
