/** Flags shared by the pod commands. */
import { defineArgs } from './args'

export const namespaceArg = defineArgs({
  namespace: {
    type: 'string',
    alias: 'n',
    valueHint: 'ns',
    description: 'Namespace (default: config.json namespace, else "default")',
  },
})

export const podRefArg = defineArgs({
  pod: { type: 'positional', required: true, valueHint: 'name|id', description: 'Pod name (in the namespace) or id' },
})
