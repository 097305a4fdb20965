import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'delete',
    description: 'Delete a service: its pods stop on their nodes, then it is gone (example: stark service delete web)',
  },
  args: { ...namespaceArg, ...serviceRefArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const service = await call(
      client.api.services[':ref'].$delete({
        param: { ref: args.service },
        query: { namespace },
      }),
    )
    return messageOutput(`service ${service.name} deleting: ${service.stopping} pod(s) stopping (gone once they have)`, service)
  },
})
