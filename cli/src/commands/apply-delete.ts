/**
 * `stark delete -f FILE|DIR`: deletes what the file describes, the reverse of the apply order.
 * Namespaces go last, once the services and pods described in them have stopped.
 */
import { defineCommand } from 'citty'
import { call } from '../lib/client'
import { boundedDurationFlag } from '../lib/duration'
import { CLIError } from '../lib/errors'
import { manifestArgs, openManifests } from '../lib/manifest-command'
import { namespaceOf, orMissing } from '../lib/manifest-plan'
import { deleteAll } from '../lib/manifest-run'
import { messageOutput, noOutput } from '../lib/output'

const FINISHED = new Set(['Stopped', 'Succeeded', 'Failed'])

export default defineCommand({
  meta: {
    name: 'delete',
    description:
      'Delete what a file describes (the reverse order of apply; namespaces once their services and pods have stopped) (example: stark delete -f stark.config.ts)',
  },
  args: {
    ...manifestArgs,
    timeout: {
      type: 'string',
      valueHint: 'duration',
      description: 'How long to wait for services and pods to stop before deleting their namespace (default 2m)',
    },
  },
  async run({ args, data, rawArgs }) {
    const timeoutMs = boundedDurationFlag(args.timeout, 'timeout', { min: 1000, max: 86_400_000 }) ?? 120_000
    const { ctx, mctx, objects, json, say } = await openManifests(data, args, rawArgs)
    const { client } = mctx
    const workloads = objects.map((l) => l.object).filter((o) => o.kind === 'Service' || o.kind === 'Pod')
    /** A namespace holding running services or pods is not deleted: wait for the described ones to stop. */
    const waitForWorkloads = async () => {
      const deadline = ctx.now() + timeoutMs
      for (;;) {
        const left: string[] = []
        for (const o of workloads) {
          const ref = { param: { ref: o.metadata.name }, query: { namespace: namespaceOf(mctx, o) } }
          if (o.kind === 'Service') {
            if (await orMissing(call(client.api.services[':ref'].$get(ref)))) left.push(`service/${o.metadata.name}`)
          } else {
            const pod = await orMissing(call(client.api.pods[':ref'].$get(ref)))
            if (pod && !FINISHED.has(pod.status)) left.push(`pod/${o.metadata.name}`)
          }
        }
        if (left.length === 0) return
        if (ctx.now() >= deadline)
          throw new CLIError(`still stopping after ${args.timeout ?? '2m'}: ${left.join(', ')}; their namespace was kept`)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
    const deleted = await deleteAll(mctx, objects, say, waitForWorkloads)
    return json ? messageOutput('', { items: deleted }) : noOutput
  },
})
