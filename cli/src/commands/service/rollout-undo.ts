/** `stark service rollout undo NAME [--to-revision N]`: the rollback, or back to one revision of the history. */
import { formatPackRef } from '@stark/shared'
import { defineCommand } from 'citty'
import { globalArgs, intFlag } from '../../lib/args'
import { call } from '../../lib/client'
import { openCommand } from '../../lib/command'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'

export default defineCommand({
  meta: {
    name: 'undo',
    description:
      'Roll back: to the previous version, or with --to-revision N to that revision of stark service rollout history (example: stark service rollout undo web --to-revision 2)',
  },
  args: {
    ...namespaceArg,
    ...serviceRefArg,
    'to-revision': { type: 'string', valueHint: 'n', description: 'The revision to go back to (default: the previous version)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { namespace, client } = openCommand(data, args)
    const toRevision = intFlag(args['to-revision'], 'to-revision', { min: 1, max: 1_000_000 })
    const service = await call(
      client.api.services[':ref'].rollback.$post({
        param: { ref: args.service },
        query: { namespace, ...(toRevision !== undefined ? { toRevision: String(toRevision) } : {}) },
      }),
    )
    const to = formatPackRef(service.pack, service.namespace)
    return messageOutput(
      `service ${service.name}: rolling back to ${to}${toRevision !== undefined ? ` (revision ${toRevision})` : ''}; follow with stark service rollout status ${service.name}`,
      service,
    )
  },
})
