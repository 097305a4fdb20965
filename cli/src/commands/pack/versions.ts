import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { noHeadersArg } from '../../lib/list-flags'
import { listOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { packNameArg } from '../../lib/pack-ref-args'
import { packColumns, packList } from '../../views/packs'

export default defineCommand({
  meta: {
    name: 'versions',
    description:
      'Every version of one pack, oldest first: of the current namespace, or ns/name for another’s (example: stark pack versions hello)',
  },
  args: {
    name: { type: 'positional', required: true, valueHint: '[ns/]name', description: 'Pack name, or ns/name' },
    ...namespaceArg,
    ...noHeadersArg,
    ...globalArgs,
  },
  async run({ args, data }) {
    const opened = openCommand(data, args)
    const { namespace, name } = packNameArg(args.name, opened.namespace)
    const { items } = await call(opened.client.api.packs[':name'].versions.$get({ param: { name }, query: { namespace } }))
    return listOutput(items, packColumns, '', packList(opened.namespace || 'default'))
  },
})
