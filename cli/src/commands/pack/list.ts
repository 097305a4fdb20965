import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { noHeadersArg } from '../../lib/list-flags'
import { call, connect, listAll } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { packColumns } from '../../views/packs'

export default defineCommand({
  meta: { name: 'list', description: 'Packs you can run, every version (example: stark pack list -o json)' },
  args: { ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const packs = await listAll((cursor) => call(client.api.packs.$get({ query: { limit: 1000, cursor } })))
    return listOutput(packs, packColumns, 'no packs (stark pack bundle, then stark pack register)')
  },
})
