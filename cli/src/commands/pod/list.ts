import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { openCommand } from '../../lib/command'
import { namespacedListArgs, noHeadersArg, selectorArg } from '../../lib/list-flags'
import { runNamespacedList } from '../../lib/namespaced-list'
import { watchArg } from '../../lib/watch'
import { podColumns, podList } from '../../views/pods'

export default defineCommand({
  meta: {
    name: 'list',
    description: 'Pods in the current namespace, or every namespace with -A (example: stark pod list -l app=web -o wide)',
  },
  args: { ...namespacedListArgs, ...selectorArg, ...noHeadersArg, ...watchArg, ...globalArgs },
  run: ({ args, data }) =>
    runNamespacedList(openCommand(data, args), args, {
      plural: 'pods',
      route: (api) => api.client.api.pods,
      columns: podColumns,
      shape: podList,
    }),
})
