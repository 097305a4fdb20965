import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'
import { commandSettings } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'scale',
    description:
      'Set how many pods a service runs; extra pods go least ready first, then the newest (example: stark service scale web --replicas 5)',
  },
  args: {
    ...namespaceArg,
    ...serviceRefArg,
    replicas: { type: 'string', required: true, valueHint: 'n', description: 'Pods to run (0 stops them all)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    const replicas = intFlag(args.replicas, 'replicas', { max: 10_000 })
    if (replicas === undefined) throw usageError('--replicas needs a number')
    const { client } = connect(ctx, settings)
    const service = await call(
      client.api.services[':ref'].scale.$post({
        param: { ref: args.service },
        query: { namespace },
        json: { replicas },
      }),
    )
    return messageOutput(
      `service ${service.name} scaled to ${service.replicas} pod(s)${service.paused ? ' (paused: applies on resume)' : ''}`,
      service,
    )
  },
})
