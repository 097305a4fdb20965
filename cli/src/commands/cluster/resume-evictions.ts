import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: {
    name: 'resume-evictions',
    description:
      'End a mass-outage pause now (admins): pods on nodes still down are replaced elsewhere (example: stark cluster resume-evictions)',
  },
  args: { ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const { client } = connect(ctx, resolveSettings(ctx, args))
    const result = await call(client.api.cluster['resume-evictions'].$post())
    return messageOutput(
      result.resumed ? 'evictions resumed: pods on nodes still down are replaced' : 'evictions were not paused',
      result,
    )
  },
})
