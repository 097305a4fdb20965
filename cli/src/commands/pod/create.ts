import { defineCommand } from 'citty'
import { parsePackRef } from '@stark/shared'
import { envFlag, globalArgs, intFlag, labelsFlag, repeatedFlag, tolerationsFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { placementArgs, placementFlags } from '../../lib/placement-flags'

const nonEmpty = <T extends object>(value: T): T | undefined => (Object.keys(value).length ? value : undefined)

export default defineCommand({
  meta: {
    name: 'create',
    description: 'Create a pod from a pack; returns at once with the pod name, the scheduler places it (example: stark pod create hello@1.0.0 --env GREETING=hi --selector zone=home)',
  },
  args: {
    ...namespaceArg,
    pack: { type: 'positional', required: true, valueHint: 'pack[@version]', description: 'The pack to run (default version: the newest)' },
    name: { type: 'string', description: 'Pod name (default: <pack>-<random>)' },
    selector: { type: 'string', valueHint: 'k=v', description: 'Run only on nodes with this label (repeatable)' },
    toleration: { type: 'string', valueHint: 'k=v:Effect', description: 'Tolerate a node taint: k=v:Effect, k:Effect, or * (repeatable)' },
    cpu: { type: 'string', valueHint: 'milli', description: 'CPU request in millicores (default 100)' },
    memory: { type: 'string', valueHint: 'MB', description: 'Memory request in MB (default 64)' },
    priority: { type: 'string', valueHint: 'n', description: 'Priority 0–1000 (higher is scheduled first)' },
    ...placementArgs,
    env: { type: 'string', valueHint: 'K=V', description: 'Environment variable for the pack (repeatable)' },
    restart: { type: 'enum', options: ['Never', 'OnFailure', 'Always'], description: 'Restart policy (default Never)' },
    secret: { type: 'string', valueHint: 'name', description: 'A secret in the pod’s namespace whose keys join its environment, on its node only (repeatable)' },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const ref = parsePackRef(args.pack)
    if (!ref.name || args.pack.endsWith('@')) throw usageError(`pack "${args.pack}" must look like name or name@version`)
    const cpu = intFlag(args.cpu, 'cpu', { max: 1_000_000 })
    const memory = intFlag(args.memory, 'memory', { max: 10_000_000 })
    const tolerations = tolerationsFlag(rawArgs)
    const placement = placementFlags(args, rawArgs, ctx.cwd)
    const { client } = connect(ctx, settings)
    const pod = await call(
      client.api.pods.$post({
        json: {
          pack: ref.name,
          version: ref.version,
          name: args.name || undefined,
          namespace: args.namespace || settings.namespace,
          selector: nonEmpty(labelsFlag(rawArgs, 'selector')),
          tolerations: tolerations.length ? tolerations : undefined,
          resources: cpu !== undefined || memory !== undefined ? { cpu, memory } : undefined,
          priority: intFlag(args.priority, 'priority', { max: 1000 }),
          ...placement,
          env: nonEmpty(envFlag(rawArgs)),
          restartPolicy: args.restart,
          secrets: repeatedFlag(rawArgs, 'secret').length ? repeatedFlag(rawArgs, 'secret') : undefined,
        },
      }),
    )
    return messageOutput(pod.name, pod)
  },
})
