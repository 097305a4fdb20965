import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { namespaceColumns } from '../../views/access'

export default defineCommand({
  meta: { name: 'list', description: 'Namespaces you can see, with quota and usage (example: stark namespace list -o json)' },
  args: globalArgs,
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const { items } = await call(client.api.namespaces.$get())
    return listOutput(items, namespaceColumns, 'no namespaces')
  },
})
