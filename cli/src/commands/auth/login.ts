import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { credentialArgs, credentialsFrom } from '../../lib/auth-flags'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { writeSession } from '../../lib/credentials'
import { messageOutput } from '../../lib/output'

export default defineCommand({
  meta: { name: 'login', description: 'Log in and keep the session in $STARK_HOME (example: stark auth login --email ada@example.com --password "correct horse")' },
  args: { ...credentialArgs, ...globalArgs },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const settings = resolveSettings(ctx, args)
    const { client, apiUrl } = connect(ctx, settings, { auth: 'none' })
    const t = await call(client.api.auth.login.$post({ json: credentialsFrom(ctx, args) }))
    writeSession(settings.home, apiUrl, { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, email: t.user.email })
    return messageOutput(`logged in to ${apiUrl} as ${t.user.email} (${t.user.role})`, { apiUrl, user: t.user, expiresAt: t.expiresAt })
  },
})
