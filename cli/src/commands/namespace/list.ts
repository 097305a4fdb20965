import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { noHeadersArg } from '../../lib/list-flags'
import { call } from '../../lib/client'
import { listOutput } from '../../lib/output'
import { namespaceColumns } from '../../views/access'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: { name: 'list', description: 'Namespaces you can see, with quota and usage (example: stark namespace list -o json)' },
  args: { ...noHeadersArg, ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const { items } = await call(client.api.namespaces.$get())
    return listOutput(items, namespaceColumns, 'no namespaces', { kind: 'namespace' })
  },
})
