import { defineCommand } from 'citty'
import { formatPackRef } from '@stark/shared'
import { envFlag, globalArgs, intFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { labelArg, labelsOf } from '../../lib/label-flags'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { strategyArgs } from '../../lib/service-flags'
import { placementArgs, placementFlags } from '../../lib/placement-flags'
import { commandSettings } from '../../lib/command'
import { packRefArg } from '../../lib/pack-ref-args'

const nonEmpty = <T extends object>(value: T): T | undefined => (Object.keys(value).length ? value : undefined)

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a service: keep N pods of a pack running (--replicas, default 1), or one on every matching node (--daemonset or --replicas 0) (example: stark service create web --pack web@1.0.0 --replicas 3)',
  },
  args: {
    ...namespaceArg,
    name: { type: 'positional', required: true, valueHint: 'name', description: 'Service name; its pods are <name>-<random>' },
    pack: {
      type: 'string',
      required: true,
      valueHint: '[ns/]pack[@version]',
      description:
        'The pack to run: name[@version] of the namespace, or ns/name[@version] of another (default version: the highest)',
    },
    replicas: {
      type: 'string',
      valueHint: 'n',
      description: 'Pods to keep running (default 1; 0 means one on every matching node)',
    },
    daemonset: { type: 'boolean', description: 'One pod on every node that matches --selector and tolerates its taints' },
    ...labelArg('service and its pods'),
    ...strategyArgs,
    ...placementArgs,
    env: { type: 'string', valueHint: 'K=V', description: 'Environment variable for the pack (repeatable)' },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    const pack = packRefArg(args.pack, '--pack')
    const replicas = intFlag(args.replicas, 'replicas', { max: 10_000 })
    if (args.daemonset && replicas !== undefined && replicas > 0)
      throw usageError('--daemonset runs one pod on every matching node: leave out --replicas')
    const placement = placementFlags(args, rawArgs, ctx.cwd)
    const { client } = connect(ctx, settings)
    const service = await call(
      client.api.services.$post({
        json: {
          name: args.name,
          namespace,
          pack,
          replicas,
          daemonset: args.daemonset || undefined,
          labels: labelsOf(rawArgs),
          followLatest: args['follow-latest'] || undefined,
          maxSurge: intFlag(args['max-surge'], 'max-surge', { max: 10_000 }),
          maxUnavailable: intFlag(args['max-unavailable'], 'max-unavailable', { max: 10_000 }),
          minReadySeconds: intFlag(args['min-ready-seconds'], 'min-ready-seconds', { max: 3600 }),
          ...placement,
          env: nonEmpty(envFlag(rawArgs)),
        },
      }),
    )
    const what = service.mode === 'daemonset' ? 'one pod on every matching node' : `${service.replicas} pod(s)`
    return messageOutput(
      `service ${service.name} created: ${what} of ${formatPackRef(service.pack, service.namespace)}`,
      service,
      `service/${service.name}`,
    )
  },
})
