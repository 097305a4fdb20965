import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { openCommand } from '../../lib/command'
import { namespacedListArgs, noHeadersArg, selectorArg } from '../../lib/list-flags'
import { runNamespacedList } from '../../lib/namespaced-list'
import { watchArg } from '../../lib/watch'
import { serviceColumns, serviceList } from '../../views/services'

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'Services in the current namespace (or all with -A), with desired / ready / up-to-date / available pods (example: stark service list -l tier=front)',
  },
  args: { ...namespacedListArgs, ...selectorArg, ...noHeadersArg, ...watchArg, ...globalArgs },
  run: ({ args, data }) =>
    runNamespacedList(openCommand(data, args), args, {
      plural: 'services',
      route: (api) => api.client.api.services,
      columns: serviceColumns,
      shape: serviceList,
    }),
})
