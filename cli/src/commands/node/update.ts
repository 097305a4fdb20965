import { defineCommand } from 'citty'
import { openCommand } from '../../lib/command'
import { formatLabels, formatTaint, isLabelKey, taintEffects, type TaintEffect } from '@stark/shared'
import { globalArgs, labelsFlag, repeatedFlag, taintsFlag } from '../../lib/args'
import { call } from '../../lib/client'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'

/** `key` or `key:Effect`. */
function parseTaintRef(text: string): { key: string; effect?: TaintEffect } {
  const colon = text.lastIndexOf(':')
  const key = colon < 0 ? text : text.slice(0, colon)
  const effect = colon < 0 ? undefined : text.slice(colon + 1)
  if (!isLabelKey(key)) throw usageError(`--remove-taint "${text}": key "${key}" is not valid`)
  if (effect === undefined) return { key }
  if (!(taintEffects as readonly string[]).includes(effect))
    throw usageError(`--remove-taint "${text}": effect must be one of ${taintEffects.join(', ')}`)
  return { key, effect: effect as TaintEffect }
}

export default defineCommand({
  meta: {
    name: 'update',
    description:
      'Change a node’s labels and taints, or mark it trusted (admins) (example: stark node update laptop --label zone=home --taint gpu=true:NoSchedule)',
  },
  args: {
    node: { type: 'positional', required: true, valueHint: 'name|id', description: 'Node name or id' },
    label: { type: 'string', valueHint: 'k=v', description: 'Set a label (repeatable)' },
    'remove-label': { type: 'string', valueHint: 'k', description: 'Remove a label (repeatable)' },
    taint: {
      type: 'string',
      valueHint: 'k=v:Effect',
      description:
        'Add a taint, NoSchedule | PreferNoSchedule | NoExecute (repeatable; NoExecute evicts pods that do not tolerate it)',
    },
    'remove-taint': {
      type: 'string',
      valueHint: 'k[:Effect]',
      description: 'Remove a taint: one effect, or every effect of the key (repeatable)',
    },
    trusted: { type: 'boolean', description: 'Trust the node with system packs and other users’ private packs (admins)' },
    untrusted: { type: 'boolean', description: 'Withdraw that trust (admins)' },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const labels = labelsFlag(rawArgs, 'label')
    const removeLabels = repeatedFlag(rawArgs, 'remove-label')
    for (const k of removeLabels) if (!isLabelKey(k)) throw usageError(`--remove-label "${k}" is not a valid label key`)
    const taints = taintsFlag(rawArgs, 'taint')
    const removeTaints = repeatedFlag(rawArgs, 'remove-taint').map(parseTaintRef)
    if (args.trusted && args.untrusted) throw usageError('give --trusted or --untrusted, not both')
    const trusted = args.trusted ? true : args.untrusted ? false : undefined
    if (!Object.keys(labels).length && !removeLabels.length && !taints.length && !removeTaints.length && trusted === undefined) {
      throw usageError('nothing to change: give --label, --remove-label, --taint, --remove-taint, --trusted or --untrusted')
    }
    const { client } = openCommand(data, args)
    const node = await call(
      client.api.nodes[':ref'].$patch({
        param: { ref: args.node },
        json: {
          labels: Object.keys(labels).length ? labels : undefined,
          removeLabels: removeLabels.length ? removeLabels : undefined,
          taints: taints.length ? taints : undefined,
          removeTaints: removeTaints.length ? removeTaints : undefined,
          trusted,
        },
      }),
    )
    const text = `node ${node.name} updated: labels ${formatLabels(node.labels) || '-'}; taints ${node.taints.map(formatTaint).join(',') || '-'}${node.trusted ? '; trusted' : ''}`
    return messageOutput(text, node)
  },
})
