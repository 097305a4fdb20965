import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { resolveSettings, starkHome } from '../../lib/config'
import { allConfig, configKey, readConfigKey } from '../../lib/config-file'
import { contextFrom } from '../../lib/context'
import { messageOutput, recordOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'get',
    description:
      'Show one config value (nothing when unset), or every key with the API URL and output in effect (example: stark config get api-url)',
  },
  args: {
    key: { type: 'positional', required: false, valueHint: 'api-url|output|namespace', description: 'The key (default: all)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const home = starkHome(ctx.env)
    if (args.key) {
      const key = configKey(args.key)
      const value = readConfigKey(home, key)
      return messageOutput(value ?? '', { key, value })
    }
    const stored = allConfig(home)
    const effective = resolveSettings(ctx, args)
    const json = {
      ...stored,
      effective: { 'api-url': effective.apiUrl, output: effective.format, namespace: effective.namespace ?? null },
      file: `${home}/config.json`,
    }
    return recordOutput(json, (c) => [
      { label: 'api-url', value: c['api-url'] ?? '-' },
      { label: 'output', value: c.output ?? '-' },
      { label: 'namespace', value: c.namespace ?? '-' },
      {
        label: 'In effect',
        value: `api-url ${c.effective['api-url']}, output ${c.effective.output}, namespace ${c.effective.namespace ?? '(all / default)'}`,
        tone: 'dim',
      },
      { label: 'File', value: c.file, tone: 'dim' },
    ])
  },
})
