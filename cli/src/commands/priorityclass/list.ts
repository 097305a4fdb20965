import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect, listAll } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { listOutput } from '../../lib/output'
import { priorityClassColumns } from '../../views/priority-classes'

export default defineCommand({
  meta: { name: 'list', description: 'Priority classes and their values (example: stark priorityclass list -o json)' },
  args: globalArgs,
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const classes = await listAll((cursor) => call(client.api.priorityclasses.$get({ query: { limit: 1000, cursor } })))
    return listOutput(
      classes,
      priorityClassColumns,
      'no priority classes (create one: stark priorityclass create NAME --value N)',
    )
  },
})
