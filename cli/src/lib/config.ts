/**
 * $STARK_HOME (default ~/.stark) and the CLI's config.json (apiUrl, output, namespace), and the
 * settings a command runs with: flag, then environment, then config, then the default.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { CliContext } from './context'
import { CLIError, usageError } from './errors'
import { outputFormats, type OutputFormat } from './args'

export interface CliConfig {
  apiUrl?: string
  output?: OutputFormat
  namespace?: string
}

export interface Settings {
  home: string
  /** The first server of `apiUrls` (sessions are kept under it). */
  apiUrl: string
  /** Every server given (`--api-url a,b,c`): a request no server answers goes to the next. */
  apiUrls: string[]
  format: OutputFormat
  color: boolean
  insecure: boolean
  /** The default namespace from config.json, if any. */
  namespace: string | undefined
}

/** The global options as citty parses them. */
export interface GlobalFlags {
  'api-url'?: string | undefined
  output?: string | undefined
  /** false after `--no-color`. */
  color?: unknown
  insecure?: boolean | undefined
}

export const DEFAULT_PORT = 8080

export function starkHome(env: CliContext['env']): string {
  return env.STARK_HOME || join(env.HOME || homedir(), '.stark')
}

const isFormat = (v: unknown): v is OutputFormat => typeof v === 'string' && outputFormats.includes(v)

/** Reads config.json; a missing file is an empty config, a broken one an error. */
export function loadConfig(home: string): CliConfig {
  const path = join(home, 'config.json')
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CLIError(`cannot read ${path}: ${(error as Error).message}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new CLIError(`${path} is not valid JSON; fix or remove it`)
  }
  if (typeof raw !== 'object' || raw === null) return {}
  const { apiUrl, output, namespace } = raw as Record<string, unknown>
  return {
    ...(typeof apiUrl === 'string' ? { apiUrl } : {}),
    ...(isFormat(output) ? { output } : {}),
    ...(typeof namespace === 'string' ? { namespace } : {}),
  }
}

/** `http(s)://host[:port][/prefix]` without a trailing slash; anything else is a usage error. */
export function normalizeApiUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw usageError(`API URL "${url}" is not a URL (expected e.g. http://127.0.0.1:8080)`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw usageError(`API URL "${url}" must start with http:// or https://`)
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '')
}

/** Colours only on a terminal, and never with --no-color, NO_COLOR or TERM=dumb. */
export const useColor = (ctx: CliContext, flags: Pick<GlobalFlags, 'color'>) =>
  ctx.isTTY && flags.color !== false && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb'

/** How to print: --output, else config.json, else a table (with headers on a terminal and in a pipe alike). */
export function resolveOutput(
  ctx: CliContext,
  flags: GlobalFlags,
  config = loadConfig(starkHome(ctx.env)),
): Pick<Settings, 'format' | 'color'> {
  const format = isFormat(flags.output) ? flags.output : (config.output ?? 'table')
  return { format, color: useColor(ctx, flags) }
}

export function resolveSettings(ctx: CliContext, flags: GlobalFlags): Settings {
  const { env } = ctx
  const home = starkHome(env)
  const config = loadConfig(home)
  const given = flags['api-url'] || env.STARK_API_URL || config.apiUrl || `http://127.0.0.1:${env.STARK_PORT || DEFAULT_PORT}`
  const apiUrls = [
    ...new Set(
      given
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean)
        .map(normalizeApiUrl),
    ),
  ]
  if (apiUrls.length === 0) throw usageError('--api-url names no server')
  return {
    home,
    apiUrl: apiUrls[0]!,
    apiUrls,
    ...resolveOutput(ctx, flags, config),
    insecure: flags.insecure === true,
    namespace: config.namespace || undefined,
  }
}
