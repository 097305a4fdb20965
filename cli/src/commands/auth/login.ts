import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { credentialArgs, credentialsFrom } from '../../lib/auth-flags'
import { call, connect } from '../../lib/client'
import { writeSession } from '../../lib/credentials'
import { messageOutput } from '../../lib/output'
import { CLIError } from '../../lib/errors'
import { insecureFetch } from '../../lib/insecure-fetch'
import { supabaseSignIn } from '../../lib/supabase-session'
import { openCommand } from '../../lib/command'

export default defineCommand({
  meta: {
    name: 'login',
    description:
      'Log in and keep the session in $STARK_HOME (example: stark auth login --email ada@example.com --password-stdin, or asked on the terminal)',
  },
  args: {
    ...credentialArgs,
    supabase: {
      type: 'boolean',
      description: 'Sign in with the server’s Supabase project (its users; roles from their app_metadata)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings, client, apiUrl } = openCommand(data, args, { auth: 'none' })
    if (args.supabase) {
      const { supabase } = await call(client.api.auth.providers.$get())
      if (!supabase?.anonKey)
        throw new CLIError(
          `${apiUrl} takes no Supabase sign-in (the server needs SUPABASE_URL, its JWT secret or JWKS, and SUPABASE_ANON_KEY)`,
        )
      const { email, password } = await credentialsFrom(ctx, args)
      const session = await supabaseSignIn(
        { url: supabase.url, anonKey: supabase.anonKey },
        settings.insecure ? insecureFetch : ctx.fetch,
        email,
        password,
      )
      writeSession(settings.home, apiUrl, session)
      const me = await call(connect(ctx, settings).client.api.auth.whoami.$get())
      return messageOutput(`logged in to ${apiUrl} through Supabase as ${me.email ?? email} (${me.role})`, {
        apiUrl,
        user: me,
        expiresAt: session.expiresAt,
      })
    }
    const t = await call(client.api.auth.login.$post({ json: await credentialsFrom(ctx, args) }))
    writeSession(settings.home, apiUrl, {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: t.expiresAt,
      email: t.user.email,
    })
    return messageOutput(`logged in to ${apiUrl} as ${t.user.email} (${t.user.role})`, {
      apiUrl,
      user: t.user,
      expiresAt: t.expiresAt,
    })
  },
})
