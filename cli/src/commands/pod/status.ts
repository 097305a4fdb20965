import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { recordOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { podFields } from '../../views/pods'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'status',
    description: 'One pod in detail, with the scheduler’s reason when it is not placed (example: stark pod status hello-x7k2p)',
  },
  args: { ...namespaceArg, ...podRefArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const pod = await call(client.api.pods[':ref'].$get({ param: { ref: args.pod }, query: { namespace } }))
    return recordOutput(pod, podFields)
  },
})
