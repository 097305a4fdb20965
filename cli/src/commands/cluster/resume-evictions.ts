import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'resume-evictions',
    description:
      'End a mass-outage pause now (admins): pods on nodes still down are replaced elsewhere (example: stark cluster resume-evictions)',
  },
  args: { ...globalArgs },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const result = await call(client.api.cluster['resume-evictions'].$post())
    return messageOutput(
      result.resumed ? 'evictions resumed: pods on nodes still down are replaced' : 'evictions were not paused',
      result,
    )
  },
})
