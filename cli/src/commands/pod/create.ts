import { defineCommand } from 'citty'
import { envFlag, globalArgs, repeatedFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { labelArg, labelsOf } from '../../lib/label-flags'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { placementArgs, placementFlags } from '../../lib/placement-flags'
import { commandSettings } from '../../lib/command'
import { packRefArg } from '../../lib/pack-ref-args'

const nonEmpty = <T extends object>(value: T): T | undefined => (Object.keys(value).length ? value : undefined)

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a pod from a pack; returns at once with the pod name, the scheduler places it (example: stark pod create hello@1.0.0 --env GREETING=hi --selector zone=home)',
  },
  args: {
    ...namespaceArg,
    pack: {
      type: 'positional',
      required: true,
      valueHint: '[ns/]pack[@version]',
      description:
        'The pack to run: name[@version] of the namespace, or ns/name[@version] of another (default version: the highest)',
    },
    name: { type: 'string', description: 'Pod name (default: <pack>-<random>)' },
    ...labelArg('pod'),
    ...placementArgs,
    env: { type: 'string', valueHint: 'K=V', description: 'Environment variable for the pack (repeatable)' },
    restart: { type: 'enum', options: ['Never', 'OnFailure', 'Always'], description: 'Restart policy (default Never)' },
    secret: {
      type: 'string',
      valueHint: 'name',
      description: 'A secret in the pod’s namespace whose keys join its environment, on its node only (repeatable)',
    },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    const pack = packRefArg(args.pack, 'pack')
    const placement = placementFlags(args, rawArgs, ctx.cwd)
    const { client } = connect(ctx, settings)
    const pod = await call(
      client.api.pods.$post({
        json: {
          pack,
          name: args.name || undefined,
          namespace,
          labels: labelsOf(rawArgs),
          ...placement,
          env: nonEmpty(envFlag(rawArgs)),
          restartPolicy: args.restart,
          secrets: repeatedFlag(rawArgs, 'secret').length ? repeatedFlag(rawArgs, 'secret') : undefined,
        },
      }),
    )
    return messageOutput(pod.name, pod, `pod/${pod.name}`)
  },
})
