import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect, listAll } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceColumns } from '../../views/services'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Services you can see, with desired / ready / up-to-date / available pods (example: stark service list -o json)',
  },
  args: { ...namespaceArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const namespace = args.namespace || settings.namespace
    const services = await listAll((cursor) => call(client.api.services.$get({ query: { limit: 1000, cursor, namespace } })))
    return listOutput(services, serviceColumns, namespace ? `no services in namespace ${namespace}` : 'no services')
  },
})
