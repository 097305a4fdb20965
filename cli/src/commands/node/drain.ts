import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { parseDurationFlag } from '../../lib/duration'
import { CLIError, usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'drain',
    description:
      'Cordon a node and stop its pods gracefully: service pods are placed elsewhere, bare pods are stopped, DaemonSet pods stay; waits until done (example: stark node drain laptop --timeout 5m)',
  },
  args: {
    node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' },
    timeout: {
      type: 'string',
      valueHint: 'duration',
      description: 'How long to wait for the pods to stop (default 5m; exit 1 when it runs out)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings, client } = openCommand(data, args)
    let timeoutMs: number
    try {
      timeoutMs = parseDurationFlag(args.timeout, 'timeout') ?? 300_000
    } catch (error) {
      throw usageError((error as Error).message)
    }
    const say = (line: string) => settings.format !== 'json' && ctx.stderr.write(`${line}\n`)
    const started = await call(client.api.nodes[':ref'].drain.$post({ param: { ref: args.node } }))
    const kept = started.daemonSetPods
      ? `; ${started.daemonSetPods} DaemonSet pod${started.daemonSetPods === 1 ? '' : 's'} stay`
      : ''
    say(
      `node ${started.node} cordoned; stopping ${started.remaining.length} pod${started.remaining.length === 1 ? '' : 's'} (service pods are placed elsewhere, bare pods are stopped)${kept}`,
    )
    const deadline = ctx.now() + timeoutMs
    let progress = started
    let last = ''
    while (!progress.done) {
      const line = `waiting for ${progress.remaining.length} pod${progress.remaining.length === 1 ? '' : 's'}: ${progress.remaining.map((p) => `${p.namespace}/${p.name} (${p.status})`).join(', ')}`
      if (line !== last) say(line)
      last = line
      if (ctx.now() >= deadline) {
        throw new CLIError(
          `node ${progress.node} not drained within ${Math.round(timeoutMs / 1000)}s: ${progress.remaining.length} pod(s) still there; it stays cordoned (stark node uncordon ${progress.node} to undo)`,
        )
      }
      await new Promise((r) => setTimeout(r, 250))
      progress = await call(client.api.nodes[':ref'].drain.$get({ param: { ref: args.node } }))
    }
    return messageOutput(
      `node ${progress.node} drained${kept}; it stays cordoned (stark node uncordon ${progress.node} to take pods again)`,
      progress,
    )
  },
})
