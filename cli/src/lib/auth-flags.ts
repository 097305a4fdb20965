/**
 * The --email and password flags of `auth setup`, `auth login` and `auth register`. A password is
 * never needed on the command line (where it lands in shell history and `ps`): without
 * `--password` the CLI asks on the terminal without echo, or reads `--password-stdin`. `--password`
 * and STARK_PASSWORD keep working, for scripts that already use them, but are discouraged.
 */
import type { CliContext } from './context'
import { defineArgs } from './args'
import { usageError } from './errors'

export const credentialArgs = defineArgs({
  email: { type: 'string', required: true, valueHint: 'email', description: 'Your email address' },
  'password-stdin': {
    type: 'boolean',
    description: 'Read the password from standard input (one line; e.g. printf %s "$PW" | stark auth login … --password-stdin)',
  },
  password: {
    type: 'string',
    valueHint: 'password',
    description:
      'The password on the command line (discouraged: shell history and ps show it; without it the CLI asks, or use --password-stdin)',
  },
})

interface PasswordFlags {
  password?: string | undefined
  passwordStdin?: boolean | undefined
  'password-stdin'?: boolean | undefined
}

const NO_TERMINAL =
  'no password: give it on standard input with --password-stdin (printf %s "$PW" | stark … --password-stdin), or run in a terminal to be asked'

/**
 * The password: `--password-stdin`, else `--password`, else STARK_PASSWORD, else asked on the
 * terminal (twice when `confirm`, for a new password). Without a terminal it is a usage error.
 */
export async function readPassword(ctx: CliContext, args: PasswordFlags, options: { confirm?: boolean } = {}): Promise<string> {
  if (args['password-stdin'] || args.passwordStdin) {
    if (args.password) throw usageError('give --password or --password-stdin, not both')
    if (!ctx.readStdin) throw usageError('--password-stdin: there is no standard input to read')
    const password = (await ctx.readStdin()).replace(/\r?\n$/, '')
    if (!password) throw usageError('--password-stdin: standard input was empty')
    if (password.includes('\n')) throw usageError('--password-stdin: expected one line, got several')
    return password
  }
  if (args.password) return args.password
  if (ctx.env.STARK_PASSWORD) return ctx.env.STARK_PASSWORD
  if (!ctx.promptSecret) throw usageError(NO_TERMINAL)
  const password = await ctx.promptSecret('Password: ')
  if (!password) throw usageError('no password given')
  if (options.confirm && (await ctx.promptSecret('Password (again): ')) !== password) throw usageError('the two passwords differ')
  return password
}

export async function credentialsFrom(
  ctx: CliContext,
  args: PasswordFlags & { email: string },
  options: { confirm?: boolean } = {},
): Promise<{ email: string; password: string }> {
  return { email: args.email, password: await readPassword(ctx, args, options) }
}
