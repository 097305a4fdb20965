import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { recordOutput } from '../../lib/output'
import { schedulerProfileFields } from '../../views/scheduler-profile'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: { name: 'get', description: 'The scoring profile in effect and its weights (example: stark scheduler get -o json)' },
  args: globalArgs,
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    return recordOutput(await call(client.api.scheduler.$get()), schedulerProfileFields)
  },
})
