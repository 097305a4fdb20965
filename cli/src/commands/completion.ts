import { defineCommand } from 'citty'
import { globalArgs } from '../lib/args'
import { bashCompletion, commandTree, type ResourceKind, resourceKinds, zshCompletion } from '../lib/completion'
import { messageOutput } from '../lib/output'

/** How long `completion names` may wait for the server: a slow server must not hang the shell. */
const NAMES_TIMEOUT_MS = 1500

export default defineCommand({
  meta: {
    name: 'completion',
    description:
      'Print a shell completion script for commands, options, option values and the names of pods, services, nodes, packs and namespaces; load it with source <(stark completion bash), or save stark completion zsh as _stark in your $fpath (example: stark completion bash >> ~/.bashrc)',
  },
  args: {
    shell: { type: 'positional', required: true, valueHint: 'bash|zsh', description: 'bash or zsh' },
    kind: {
      type: 'positional',
      required: false,
      valueHint: 'kind',
      description: 'With "names": pods, services, nodes, packs or namespaces (what the script asks while completing)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { usageError } = await import('../lib/errors')
    if (args.shell === 'names') {
      if (!resourceKinds.includes(args.kind as ResourceKind))
        throw usageError(`names of what? one of ${resourceKinds.join(', ')}`)
      const { completionNames } = await import('../lib/completion-names')
      return completionNames(data, args, args.kind as ResourceKind, NAMES_TIMEOUT_MS)
    }
    if (args.shell !== 'bash' && args.shell !== 'zsh') throw usageError(`shell must be bash or zsh (got "${args.shell}")`)
    const { root } = await import('../root')
    const nodes = await commandTree(root)
    const script = args.shell === 'bash' ? bashCompletion(nodes) : zshCompletion(nodes)
    return messageOutput(script, { shell: args.shell, script })
  },
})
