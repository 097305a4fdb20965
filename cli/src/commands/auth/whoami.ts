import { defineCommand } from 'citty'
import { openCommand } from '../../lib/command'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { recordOutput } from '../../lib/output'

export default defineCommand({
  meta: { name: 'whoami', description: 'Show who you are logged in as, and where (example: stark auth whoami -o json)' },
  args: globalArgs,
  async run({ args, data }) {
    const api = openCommand(data, args)
    const me = await call(api.client.api.auth.whoami.$get())
    return recordOutput({ ...me, apiUrl: api.apiUrl }, (w) => [
      { label: 'Email', value: w.email ?? '-' },
      { label: 'Role', value: w.role },
      { label: 'Kind', value: w.kind },
      { label: 'ID', value: w.id },
      { label: 'Server', value: w.apiUrl },
    ])
  },
})
