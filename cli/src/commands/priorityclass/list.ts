import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { noHeadersArg } from '../../lib/list-flags'
import { call, listAll } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { priorityClassColumns } from '../../views/priority-classes'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: { name: 'list', description: 'Priority classes and their values (example: stark priorityclass list -o json)' },
  args: { ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const classes = await listAll((cursor) => call(client.api.priorityclasses.$get({ query: { limit: 1000, cursor } })))
    return listOutput(
      classes,
      priorityClassColumns,
      'no priority classes (create one: stark priorityclass create NAME --value N)',
      { kind: 'priorityclass' },
    )
  },
})
