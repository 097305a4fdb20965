import { defineCommand } from 'citty'
import { globalArgs } from '../lib/args'
import { bashCompletion, commandTree, zshCompletion } from '../lib/completion'
import { messageOutput } from '../lib/output'

export default defineCommand({
  meta: {
    name: 'completion',
    description:
      'Print a shell completion script for commands, options and option values; load it with source <(stark completion bash), or save stark completion zsh as _stark in your $fpath (example: stark completion bash >> ~/.bashrc)',
  },
  args: {
    shell: { type: 'positional', required: true, valueHint: 'bash|zsh', description: 'bash or zsh' },
    ...globalArgs,
  },
  async run({ args }) {
    const { usageError } = await import('../lib/errors')
    if (args.shell !== 'bash' && args.shell !== 'zsh') throw usageError(`shell must be bash or zsh (got "${args.shell}")`)
    const { root } = await import('../root')
    const nodes = await commandTree(root)
    const script = args.shell === 'bash' ? bashCompletion(nodes) : zshCompletion(nodes)
    return messageOutput(script, { shell: args.shell, script })
  },
})
