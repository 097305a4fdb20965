import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect, listAll } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { podColumns } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Pods you can see (every namespace unless -n or a config namespace) (example: stark pod list -n default -o json)',
  },
  args: { ...namespaceArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const namespace = args.namespace || settings.namespace
    const pods = await listAll((cursor) => call(client.api.pods.$get({ query: { limit: 1000, cursor, namespace } })))
    return listOutput(pods, podColumns, namespace ? `no pods in namespace ${namespace}` : 'no pods')
  },
})
