import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { noHeadersArg } from '../../lib/list-flags'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { packColumns } from '../../views/packs'

export default defineCommand({
  meta: { name: 'versions', description: 'Every version of one pack, oldest first (example: stark pack versions hello)' },
  args: { name: { type: 'positional', required: true, description: 'Pack name' }, ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const { items } = await call(client.api.packs[':name'].versions.$get({ param: { name: args.name } }))
    return listOutput(items, packColumns)
  },
})
