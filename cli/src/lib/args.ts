/**
 * Flag helpers shared by every command: the global options, repeated flags (citty keeps only the
 * last value of a repeated option, so those are read from the raw arguments here), numbers, and
 * the label / taint / toleration / env parsers from @stark/shared with usage errors.
 */
import type { ArgsDef } from 'citty'
import { parseEnvPair, parseLabel, parseTaint, parseToleration, type Labels, type Taint, type Toleration } from '@stark/shared'
import { usageError } from './errors'

/** Keeps the literal types of an args record (the way `defineCommand` does). */
export const defineArgs = <const T extends ArgsDef>(args: T): T => args

export const outputFormats = ['json', 'table', 'wide', 'name', 'plain']
export type OutputFormat = 'json' | 'table' | 'wide' | 'name' | 'plain'

const globalOptions = defineArgs({
  'api-url': {
    type: 'string',
    valueHint: 'url',
    description: 'Stark server URL (env STARK_API_URL, else config, else http://127.0.0.1:8080)',
  },
  // citty reads `--no-color` as color=false; the arg is named for the help text.
  'no-color': { type: 'boolean', description: 'No colours (also NO_COLOR=1; colours only ever go to a terminal)' },
  insecure: { type: 'boolean', alias: 'k', description: 'Accept any TLS certificate (for self-signed servers)' },
})

const outputOption = {
  type: 'enum',
  options: outputFormats,
  description:
    'Output: table (default), wide (a table with more columns), name (kind/name), json, or plain (tab-separated, no headers)',
} as const

/** The global options every command accepts (`-o` is short for `--output`). */
export const globalArgs = defineArgs({ ...globalOptions, output: { ...outputOption, alias: 'o' } })

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

interface FlagInfo {
  takesValue: boolean
  boolean: boolean
}

function flagTable(argsDef: ArgsDef): Map<string, FlagInfo> {
  const table = new Map<string, FlagInfo>()
  for (const [name, def] of Object.entries(argsDef)) {
    if (def.type === 'positional') continue
    const info = { takesValue: def.type === 'string' || def.type === 'enum', boolean: def.type === 'boolean' }
    const alias = 'alias' in def ? def.alias : undefined
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]
    for (const n of [name, kebab(name), ...aliases]) table.set(n, info)
  }
  return table
}

/** Splits `--name=value`, `--name`, `-n` into the flag name and an inline value. */
function splitFlag(token: string): { name: string; inline: string | undefined } {
  const body = token.replace(/^--?/, '')
  const eq = body.indexOf('=')
  return eq < 0 ? { name: body, inline: undefined } : { name: body.slice(0, eq), inline: body.slice(eq + 1) }
}

/**
 * Rejects what citty would silently ignore: unknown options, a value-taking option without a
 * value, and more positional arguments than the command takes.
 */
export function checkArgs(rawArgs: readonly string[], argsDef: ArgsDef): void {
  const flags = flagTable(argsDef)
  const positionals = Object.entries(argsDef)
    .filter(([, d]) => d.type === 'positional')
    .map(([n]) => n)
  const seen: string[] = []
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!
    if (token === '--') {
      seen.push(...rawArgs.slice(i + 1))
      break
    }
    if (token.startsWith('-') && token !== '-') {
      const { name, inline } = splitFlag(token)
      const negated = token.startsWith('--no-') ? flags.get(name.slice(3)) : undefined
      const info = flags.get(name) ?? (negated?.boolean ? negated : undefined)
      if (!info) throw usageError(`unknown option ${token.split('=')[0]}`)
      if (info.takesValue && inline === undefined) {
        if (i + 1 >= rawArgs.length) throw usageError(`option ${token} needs a value`)
        i++
      }
      const value = inline ?? rawArgs[i]!
      if ((name === 'o' || name === 'output') && 'out' in argsDef && !outputFormats.includes(value)) {
        throw usageError(`-o is the output format (${outputFormats.join(', ')}); to write to a file use --out ${value}`)
      }
      continue
    }
    seen.push(token)
  }
  if (seen.length > positionals.length) {
    const extra = seen[positionals.length]
    throw usageError(
      positionals.length
        ? `too many arguments (unexpected "${extra}")`
        : `this command takes no arguments (unexpected "${extra}")`,
    )
  }
}

/** Every value of an option given several times: `--label a=b --label c=d` → ['a=b', 'c=d']. */
export function repeatedFlag(rawArgs: readonly string[], name: string, alias?: string): string[] {
  const names = new Set([`--${name}`, ...(alias ? [`-${alias}`] : [])])
  const values: string[] = []
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!
    if (token === '--') break
    const eq = token.indexOf('=')
    if (token.startsWith('-') && eq > 0 && names.has(token.slice(0, eq))) values.push(token.slice(eq + 1))
    else if (names.has(token) && i + 1 < rawArgs.length) values.push(rawArgs[++i]!)
  }
  return values
}

/** An integer option, or undefined when absent. */
export function intFlag(value: string | undefined, flag: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`--${flag} must be a whole number from ${min} to ${max} (got "${value}")`)
  return n
}

function parseWith<T>(flag: string, values: readonly string[], parse: (text: string) => T): T[] {
  return values.map((v) => {
    try {
      return parse(v)
    } catch (error) {
      throw usageError(`--${flag}: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
}

/** `--<flag> k=v` repeated → a label map (also for `--selector`). */
export const labelsFlag = (rawArgs: readonly string[], flag: string): Labels =>
  Object.fromEntries(parseWith(flag, repeatedFlag(rawArgs, flag), parseLabel))

export const taintsFlag = (rawArgs: readonly string[], flag = 'taint'): Taint[] =>
  parseWith(flag, repeatedFlag(rawArgs, flag), parseTaint)

export const tolerationsFlag = (rawArgs: readonly string[], flag = 'toleration'): Toleration[] =>
  parseWith(flag, repeatedFlag(rawArgs, flag), parseToleration)

export const envFlag = (rawArgs: readonly string[], flag = 'env'): Record<string, string> =>
  Object.fromEntries(parseWith(flag, repeatedFlag(rawArgs, flag), parseEnvPair))
