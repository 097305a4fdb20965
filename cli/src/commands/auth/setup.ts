import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { credentialArgs, credentialsFrom } from '../../lib/auth-flags'
import { call } from '../../lib/client'
import { writeSession } from '../../lib/credentials'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'setup',
    description:
      'Create the first admin on a new server and log in; refused once any user exists (example: stark auth setup --email ada@example.com --password-stdin, or asked on the terminal)',
  },
  args: { ...credentialArgs, ...globalArgs },
  async run({ args, data }) {
    const { ctx, settings, client, apiUrl } = openCommand(data, args, { auth: 'none' })
    const t = await call(client.api.auth.setup.$post({ json: await credentialsFrom(ctx, args, { confirm: true }) }))
    writeSession(settings.home, apiUrl, {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: t.expiresAt,
      email: t.user.email,
    })
    return messageOutput(`admin ${t.user.email} created; logged in to ${apiUrl}`, {
      apiUrl,
      user: t.user,
      expiresAt: t.expiresAt,
    })
  },
})
