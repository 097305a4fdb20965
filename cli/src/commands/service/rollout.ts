import { formatPackRef } from '@stark/shared'
import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { formatAge, listOutput, type Tone } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg } from '../../lib/service-flags'
import { serviceStatus, statusArgs } from './status'
import { openCommand } from '../../lib/command'

const outcomeTone: Record<string, Tone | undefined> = { Complete: 'good', Progressing: 'warn', Failed: 'bad', RolledBack: 'bad' }

/** `stark service rollout status|history|undo NAME`, after kubectl rollout. */
export default defineCommand({
  meta: {
    name: 'rollout',
    description:
      'A service’s rollouts: status (waits; exit 1 when it failed or was rolled back), history, undo (example: stark service rollout status web)',
  },
  subCommands: {
    status: defineCommand({
      meta: {
        name: 'status',
        description:
          'Wait for the rollout to finish; exit 1 with the reason when it failed or was rolled back, as stark service status NAME --wait (example: stark service rollout status web)',
      },
      args: statusArgs,
      run: ({ args, data }) => serviceStatus(Object.assign(args, { wait: true }), data),
    }),
    history: defineCommand({
      meta: {
        name: 'history',
        description:
          'The revisions (pack version and pod template) the service was set to, newest first: revision, outcome (Progressing, Complete, Failed, RolledBack, Superseded), why and when (example: stark service rollout history web)',
      },
      args: { ...namespaceArg, ...serviceRefArg, ...globalArgs },
      async run({ args, data }) {
        const { ctx, namespace, client } = openCommand(data, args)
        const history = await call(
          client.api.services[':ref'].history.$get({
            param: { ref: args.service },
            query: { namespace },
          }),
        )
        const now = ctx.now()
        return listOutput(history.items, [
          { header: 'REVISION', value: (r) => `${r.revision}${r.current ? ' (current)' : ''}` },
          {
            header: 'PACK',
            value: (r) =>
              r.pack.name && r.pack.namespace
                ? formatPackRef(
                    { namespace: r.pack.namespace, name: r.pack.name, version: r.pack.version ?? '?' },
                    history.namespace,
                  )
                : `${r.pack.id} (deleted)`,
          },
          { header: 'OUTCOME', value: (r) => r.outcome, tone: (r) => outcomeTone[r.outcome] },
          { header: 'REASON', value: (r) => r.reason },
          { header: 'AGE', value: (r) => formatAge(r.at, now) },
          // The pod template's hash (env, args, resources, placement, priority); `initial` from before hashes.
          { header: 'TEMPLATE', value: (r) => (r.templateHash === '' ? 'initial' : r.templateHash.slice(0, 8)) },
        ])
      },
    }),
    undo: () => import('./rollout-undo').then((m) => m.default),
  },
})
