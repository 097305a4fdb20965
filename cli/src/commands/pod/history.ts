import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { noHeadersArg } from '../../lib/list-flags'
import { call } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { namespaceArg, podRefArg } from '../../lib/pod-flags'
import { podHistoryColumns } from '../../views/pods'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'history',
    description: 'Every status a pod went through, oldest first, per run (example: stark pod history hello-x7k2p)',
  },
  args: { ...namespaceArg, ...podRefArg, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const res = await call(
      client.api.pods[':ref'].history.$get({
        param: { ref: args.pod },
        query: { namespace },
      }),
    )
    return listOutput(res.items, podHistoryColumns, 'no history')
  },
})
