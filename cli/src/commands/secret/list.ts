import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { secretColumns } from '../../views/access'

export default defineCommand({
  meta: { name: 'list', description: 'Your secrets: names and keys, never values (example: stark secret list -n team-a)' },
  args: { ...namespaceArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    const namespace = args.namespace || settings.namespace
    const { items } = await call(client.api.secrets.$get({ query: namespace ? { namespace } : {} }))
    return listOutput(items, secretColumns, namespace ? `no secrets in namespace ${namespace}` : 'no secrets')
  },
})
