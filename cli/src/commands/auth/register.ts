import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { credentialArgs, credentialsFrom } from '../../lib/auth-flags'
import { call, connect } from '../../lib/client'
import { readSession, writeSession } from '../../lib/credentials'
import { messageOutput } from '../../lib/output'
import { commandSettings } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'register',
    description:
      'Create a user: as an admin with any role; else yourself, as a user, when the server allows self-registration (example: stark auth register --email bob@example.com --role viewer; the password is asked, or --password-stdin)',
  },
  args: {
    ...credentialArgs,
    role: { type: 'enum', options: ['user', 'viewer', 'admin'], description: 'The new user’s role (admins only; default user)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings } = commandSettings(data, args)
    const signedIn = readSession(settings.home, settings.apiUrl) !== undefined
    const { client, apiUrl } = connect(ctx, settings, { auth: signedIn ? 'required' : 'none' })
    const creds = await credentialsFrom(ctx, args, { confirm: true })
    const r = await call(client.api.auth.register.$post({ json: { ...creds, ...(args.role ? { role: args.role } : {}) } }))
    if (r.accessToken && r.refreshToken && r.expiresAt) {
      writeSession(settings.home, apiUrl, {
        accessToken: r.accessToken,
        refreshToken: r.refreshToken,
        expiresAt: r.expiresAt,
        email: r.user.email,
      })
      return messageOutput(`registered ${r.user.email} (${r.user.role}); logged in to ${apiUrl}`, { apiUrl, user: r.user })
    }
    return messageOutput(`user ${r.user.email} created with role ${r.user.role}`, { user: r.user })
  },
})
