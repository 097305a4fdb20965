import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { starkHome } from '../../lib/config'
import { configKey, writeConfigKey } from '../../lib/config-file'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: { name: 'unset', description: 'Remove a default, back to the built-in one (example: stark config unset namespace)' },
  args: {
    key: { type: 'positional', required: true, valueHint: 'api-url|output|namespace', description: 'The key' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const key = configKey(args.key)
    writeConfigKey(starkHome(ctx.env), key, undefined)
    return messageOutput(`${key} unset`, { key, value: null })
  },
})
