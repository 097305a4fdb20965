import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { starkHome } from '../../lib/config'
import { configKey, configValue, writeConfigKey } from '../../lib/config-file'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'set',
    description:
      'Set a default: api-url (the server), output (json|table|plain) or namespace; flags and STARK_API_URL still win (example: stark config set api-url http://10.0.0.5:8080)',
  },
  args: {
    key: { type: 'positional', required: true, valueHint: 'api-url|output|namespace', description: 'The key' },
    value: { type: 'positional', required: true, valueHint: 'value', description: 'The value' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const key = configKey(args.key)
    const value = configValue(key, args.value)
    writeConfigKey(starkHome(ctx.env), key, value)
    return messageOutput(`${key} set to ${value}`, { key, value })
  },
})
