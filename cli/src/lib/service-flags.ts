/** Flags shared by the service commands. */
import { defineArgs } from './args'

export const serviceRefArg = defineArgs({
  service: { type: 'positional', required: true, valueHint: 'name|id', description: 'Service name (in the namespace) or id' },
})

/** Rolling-update strategy (create and update). */
export const strategyArgs = defineArgs({
  'follow-latest': { type: 'boolean', description: 'Roll out each newer version of the pack as soon as it is registered' },
  'max-surge': { type: 'string', valueHint: 'n', description: 'Pods above replicas during a rolling update (default 1)' },
  'max-unavailable': {
    type: 'string',
    valueHint: 'n',
    description: 'Pods below replicas allowed during a rolling update (default 0)',
  },
  'min-ready-seconds': {
    type: 'string',
    valueHint: 's',
    description: 'How long a new pod must be ready to count as available (default 1)',
  },
})
