/** The --email/--password pair of `auth setup` and `auth login`. */
import type { CliContext } from './context'
import { defineArgs } from './args'
import { usageError } from './errors'

export const credentialArgs = defineArgs({
  email: { type: 'string', required: true, valueHint: 'email', description: 'Your email address' },
  password: {
    type: 'string',
    valueHint: 'password',
    description: 'Your password: at least 12 characters, not a common one (or env STARK_PASSWORD)',
  },
})

export function credentialsFrom(ctx: CliContext, args: { email: string; password?: string | undefined }) {
  const password = args.password || ctx.env.STARK_PASSWORD
  if (!password) throw usageError('--password is required (or set STARK_PASSWORD)')
  return { email: args.email, password }
}
