import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { recordOutput } from '../../lib/output'
import { schedulerProfileFields } from '../../views/scheduler-profile'

export default defineCommand({
  meta: { name: 'get', description: 'The scoring profile in effect and its weights (example: stark scheduler get -o json)' },
  args: globalArgs,
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    return recordOutput(await call(client.api.scheduler.$get()), schedulerProfileFields)
  },
})
