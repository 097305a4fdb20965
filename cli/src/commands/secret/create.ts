import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { parseEnvPair, resourceName } from '@stark/shared'
import { globalArgs, repeatedFlag } from '../../lib/args'
import { call, connect } from '../../lib/client'
import type { CliContext } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { commandSettings } from '../../lib/command'

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

function read(ctx: CliContext, file: string): string {
  try {
    return readFileSync(resolve(ctx.cwd, file), 'utf8')
  } catch (error) {
    throw usageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    )
  }
}

/** KEY=value pairs from --from-literal, --from-file [KEY=]path and --from-env-file (lines KEY=value; # comments). */
export function secretData(ctx: CliContext, rawArgs: readonly string[]): Record<string, string> {
  const data: Record<string, string> = {}
  const put = (key: string, value: string, from: string) => {
    if (!KEY.test(key))
      throw usageError(`${from}: "${key}" is not a valid key (letters, digits and _, not starting with a digit)`)
    if (key in data) throw usageError(`${from}: key ${key} is given twice`)
    data[key] = value
  }
  for (const literal of repeatedFlag(rawArgs, 'from-literal')) {
    let pair: [string, string]
    try {
      pair = parseEnvPair(literal)
    } catch {
      throw usageError(`--from-literal "${literal.split('=')[0]}" must look like KEY=value`)
    }
    put(pair[0], pair[1], '--from-literal')
  }
  for (const spec of repeatedFlag(rawArgs, 'from-file')) {
    const eq = spec.indexOf('=')
    const [key, file] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [basename(spec), spec]
    put(key, read(ctx, file), `--from-file ${file}`)
  }
  for (const file of repeatedFlag(rawArgs, 'from-env-file')) {
    for (const line of read(ctx, file).split(/\r?\n/)) {
      const text = line.trim()
      if (!text || text.startsWith('#')) continue
      const eq = text.indexOf('=')
      if (eq <= 0) throw usageError(`--from-env-file ${file}: "${text.slice(0, 40)}" is not KEY=value`)
      put(text.slice(0, eq).replace(/^export\s+/, ''), text.slice(eq + 1), `--from-env-file ${file}`)
    }
  }
  if (Object.keys(data).length === 0)
    throw usageError(
      'give the values: --from-literal KEY=value, --from-file [KEY=]path or --from-env-file path (each repeatable)',
    )
  return data
}

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'Create a secret; pods use it with stark pod create … --secret NAME (example: stark secret create db -n team-a --from-literal DB_USER=app --from-file DB_PASSWORD=./password.txt)',
  },
  args: {
    ...namespaceArg,
    name: { type: 'positional', required: true, valueHint: 'name', description: 'Lower-case letters, digits and "-"' },
    'from-literal': { type: 'string', valueHint: 'KEY=value', description: 'A value given on the command line (repeatable)' },
    'from-file': {
      type: 'string',
      valueHint: '[KEY=]path',
      description: 'A value read from a file; the key defaults to the file name (repeatable)',
    },
    'from-env-file': {
      type: 'string',
      valueHint: 'path',
      description: 'KEY=value lines from a file, # for comments (repeatable)',
    },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    if (!resourceName.safeParse(args.name).success)
      throw usageError(`secret "${args.name}" must be lower-case letters, digits and "-" (at most 63)`)
    const values = secretData(ctx, rawArgs)
    const { client } = connect(ctx, settings)
    const s = await call(
      client.api.secrets.$post({ json: { name: args.name, ...(namespace ? { namespace } : {}), data: values } }),
    )
    return messageOutput(`secret ${s.name} created in namespace ${s.namespace} (keys: ${s.keys.join(', ')})`, s)
  },
})
