import { defineCommand } from 'citty'
import { formatPackRef } from '@stark/shared'
import { envFlag, globalArgs, intFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { changedLabels, labelChangesOf } from '../../lib/label-flags'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { serviceRefArg, strategyArgs } from '../../lib/service-flags'
import { commandSettings } from '../../lib/command'
import { packRefArg } from '../../lib/pack-ref-args'
import { placementArgs, placementFlags } from '../../lib/placement-flags'

export default defineCommand({
  meta: {
    name: 'update',
    description:
      'Roll a service out to another pack version or pod template (env, resources, placement, priority), pod by pod (maxSurge/maxUnavailable), or change its labels or strategy, which restarts nothing (example: stark service update web --pack web@2.0.0 --env MODE=fast)',
  },
  args: {
    ...namespaceArg,
    ...serviceRefArg,
    pack: {
      type: 'string',
      valueHint: '[ns/]pack@version',
      description: 'The version to roll out (name alone: the highest; ns/name@version for a pack of another namespace)',
    },
    ...strategyArgs,
    ...placementArgs,
    env: {
      type: 'string',
      valueHint: 'K=V',
      description: 'The pods’ environment, replacing the one they have (repeatable); a change rolls the pods out',
    },
    label: {
      type: 'string',
      valueHint: 'k=v',
      description: 'Set a label on the service and at once on its pods, keeping its others (repeatable); key- removes one',
    },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    const followLatest = rawArgs.includes('--no-follow-latest') ? false : args['follow-latest'] ? true : undefined
    const body = {
      pack: args.pack ? packRefArg(args.pack, '--pack') : undefined,
      followLatest,
      maxSurge: intFlag(args['max-surge'], 'max-surge', { max: 10_000 }),
      maxUnavailable: intFlag(args['max-unavailable'], 'max-unavailable', { max: 10_000 }),
      minReadySeconds: intFlag(args['min-ready-seconds'], 'min-ready-seconds', { max: 3600 }),
      ...placementFlags(args, rawArgs, ctx.cwd),
      env: rawArgs.some((a) => a === '--env' || a.startsWith('--env=')) ? envFlag(rawArgs) : undefined,
    }
    const labelChanges = labelChangesOf(rawArgs)
    if (Object.values(body).every((v) => v === undefined) && !labelChanges)
      throw usageError(
        'nothing to update: give --pack P@V, --env K=V or another template option, --label k=v (k- removes it) or a strategy option',
      )
    const { client } = connect(ctx, settings)
    const target = { param: { ref: args.service }, query: { namespace } }
    const patch = async () => {
      if (!labelChanges) return call(client.api.services[':ref'].$patch({ ...target, json: body }))
      // Labels are merged here: read them, then change them only if nobody did since (If-Match).
      for (let attempt = 1; ; attempt++) {
        const read = await client.api.services[':ref'].$get(target)
        const etag = read.headers.get('etag')
        const current = await call(Promise.resolve(read))
        const labels = changedLabels(current.labels, labelChanges)
        const res = await client.api.services[':ref'].$patch(
          { ...target, json: { ...body, labels } },
          etag ? { headers: { 'if-match': etag } } : undefined,
        )
        if ((res.status as number) !== 412 || attempt === 5) return call(Promise.resolve(res))
        await res.body?.cancel()
      }
    }
    const service = await patch()
    const version = formatPackRef(service.pack, service.namespace)
    const from = service.rollout?.from ? formatPackRef(service.rollout.from, service.namespace) : '?'
    const text = service.rollout
      ? `service ${service.name}: rolling out ${version} (from ${from}); follow with stark service status ${service.name} --wait`
      : `service ${service.name} updated (${version})`
    return messageOutput(text, service, `service/${service.name}`)
  },
})
