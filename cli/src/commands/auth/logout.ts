import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { connect } from '../../lib/client'
import { readSession, removeSession } from '../../lib/credentials'
import { CLIError, ExitCode } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { commandSettings } from '../../lib/command'

export default defineCommand({
  meta: { name: 'logout', description: 'End the session on the server and forget it here (example: stark auth logout)' },
  args: globalArgs,
  async run({ args, data }) {
    const { ctx, settings } = commandSettings(data, args)
    const { apiUrl, home } = settings
    if (!readSession(home, apiUrl)) return messageOutput(`not logged in to ${apiUrl}`, { apiUrl, loggedOut: false })
    let revoked = true
    try {
      const res = await connect(ctx, settings).client.api.auth.logout.$post()
      revoked = res.ok
    } catch (error) {
      // Expired or unreachable: the session is forgotten here either way.
      if (
        !(error instanceof CLIError && (error.exitCode === ExitCode.unauthenticated || error.exitCode === ExitCode.unavailable))
      )
        throw error
      revoked = error.exitCode === ExitCode.unauthenticated
    }
    removeSession(home, apiUrl)
    const note = revoked ? '' : ' (the server was not reached: the session stays valid there until it expires)'
    return messageOutput(`logged out of ${apiUrl}${note}`, { apiUrl, loggedOut: true, revoked })
  },
})
