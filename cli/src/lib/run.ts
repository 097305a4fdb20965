/**
 * Runs one command line: finds the command (loading subcommands lazily), answers --help and
 * --version, rejects unknown options, runs the command through citty's `runCommand` with the
 * context as `data`, renders what it returned, and turns any error into one line on stderr and an
 * exit code. It never exits the process: `runMain` in main.ts does that with the code returned.
 */
import { parseArgs, renderUsage, runCommand, type ArgsDef, type CommandDef, type CommandMeta } from 'citty'
import { checkArgs, type OutputFormat } from './args'
import { resolveOutput, useColor } from './config'
import type { CliContext } from './context'
import { ExitCode, isCittyUsageError, stripAnsi, toCLIError, usageError } from './errors'
import { renderOutput, safeLines, type Output } from './output'
import { VERSION } from './version'

// citty's subcommand maps hold commands of any argument shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandDef<any>

const resolve = async <T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> =>
  typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value

/** Global options accepted before the command name, and whether each takes a value. */
const GLOBAL_FLAGS: Record<string, { long: string; value: boolean }> = {
  '--api-url': { long: '--api-url', value: true },
  '--output': { long: '--output', value: true },
  '-o': { long: '--output', value: true },
  '--color': { long: '--color', value: false },
  '--no-color': { long: '--no-color', value: false },
  '--insecure': { long: '--insecure', value: false },
  '-k': { long: '--insecure', value: false },
}
const HELP = new Set(['--help', '-h'])

export interface Target {
  cmd: AnyCommand
  /** Command names from the root: ['stark', 'pod', 'create']. */
  path: string[]
  /** The arguments for `cmd`, global options given before the command name moved in front. */
  rawArgs: string[]
  /** Whether `cmd` runs (false for a group such as `stark pod`). */
  runnable: boolean
  help: boolean
  /** Set when a word named no command: the usage error to report. */
  unknown?: string
}

async function findSubCommand(cmd: AnyCommand, name: string): Promise<AnyCommand | undefined> {
  const subs = await resolve(cmd.subCommands ?? {})
  if (Object.hasOwn(subs, name)) return resolve(subs[name]!)
  for (const sub of Object.values(subs)) {
    const resolved = await resolve(sub)
    const meta: CommandMeta = await resolve(resolved.meta ?? {})
    const aliases = meta.alias === undefined ? [] : Array.isArray(meta.alias) ? meta.alias : [meta.alias]
    if (aliases.includes(name)) return resolved
  }
  return undefined
}

const subCommandNames = async (cmd: AnyCommand) => Object.keys(await resolve(cmd.subCommands ?? {}))

/** Walks the command tree along the leading words of `argv`. */
export async function resolveTarget(root: AnyCommand, argv: readonly string[]): Promise<Target> {
  let cmd = root
  const path = ['stark']
  const hoisted: string[] = []
  let help = false
  let i = 0
  while (cmd.subCommands) {
    const token = argv[i]
    if (token === undefined || token === '--') return { cmd, path, rawArgs: hoisted, runnable: false, help }
    i++
    if (HELP.has(token)) {
      help = true
      continue
    }
    if (token.startsWith('-')) {
      const eq = token.indexOf('=')
      const flag = GLOBAL_FLAGS[eq > 0 ? token.slice(0, eq) : token]
      if (!flag) throw usageError(`unknown option ${token.split('=')[0]} (options of a command go after its name)`)
      if (eq > 0) hoisted.push(`${flag.long}=${token.slice(eq + 1)}`)
      else if (flag.value) {
        if (argv[i] === undefined) throw usageError(`option ${token} needs a value`)
        hoisted.push(flag.long, argv[i++]!)
      } else hoisted.push(flag.long)
      continue
    }
    const sub = await findSubCommand(cmd, token)
    if (!sub) {
      const unknown = `unknown command "${token}" for "${path.join(' ')}" (one of: ${(await subCommandNames(cmd)).join(', ')})`
      return { cmd, path, rawArgs: hoisted, runnable: false, help, unknown }
    }
    path.push(token)
    cmd = sub
  }
  const rest = argv.slice(i)
  const dashdash = rest.indexOf('--')
  help ||= (dashdash < 0 ? rest : rest.slice(0, dashdash)).some((a) => HELP.has(a))
  return { cmd, path, rawArgs: [...hoisted, ...rest], runnable: true, help }
}

const EXIT_CODES = `EXIT CODES

  0  ok                      3  not logged in, or the session expired
  1  failure                 4  not found
  2  usage (bad command, option or argument; a request the server calls invalid)
  5  the server (or its database) is unreachable or unavailable`

/** The help text of a command, without colours unless asked for. */
export async function renderHelp(target: Pick<Target, 'cmd' | 'path'>, color: boolean): Promise<string> {
  const parent: AnyCommand = { meta: { name: target.path.slice(0, -1).join(' '), version: VERSION } }
  let text = await renderUsage(target.cmd, target.path.length > 1 ? parent : undefined)
  if (target.path.length === 1) text += `\n\n${EXIT_CODES}`
  if (!color) text = stripAnsi(text)
  return `${text.replace(/[ \t]+$/gm, '')}\n`
}

const isOutput = (value: unknown): value is Output =>
  typeof value === 'object' && value !== null && ['list', 'record', 'message', 'none'].includes(String((value as Output).kind))

/** Runs a command line to its exit code. */
export async function execute(root: AnyCommand, argv: readonly string[], ctx: CliContext): Promise<number> {
  const color = useColor(ctx, { color: !argv.includes('--no-color') })
  let target: Target | undefined
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      ctx.stdout.write(`${VERSION}\n`)
      return ExitCode.ok
    }
    target = await resolveTarget(root, argv)
    if (target.unknown) throw usageError(target.unknown)
    if (target.help || argv.length === 0) {
      ctx.stdout.write(await renderHelp(target, color))
      return ExitCode.ok
    }
    if (!target.runnable) {
      throw usageError(`missing command: ${target.path.join(' ')} <${(await subCommandNames(target.cmd)).join('|')}>`)
    }
    const argsDef: ArgsDef = await resolve(target.cmd.args ?? {})
    checkArgs(target.rawArgs, argsDef)
    const { result } = await runCommand(target.cmd, { rawArgs: target.rawArgs, data: ctx })
    if (isOutput(result)) {
      const flags = parseArgs(target.rawArgs, argsDef)
      const output = typeof flags.output === 'string' ? flags.output : undefined
      const { format, color: paint } = resolveOutput(ctx, { output, color: flags.color !== false })
      const options = { format: format satisfies OutputFormat, color: paint, now: ctx.now(), headers: flags.headers !== false }
      // Like kubectl, "nothing found" is a remark on stderr, so a pipe gets only rows.
      if (result.kind === 'list' && result.json.length === 0 && (format === 'table' || format === 'wide')) {
        if (result.empty && options.headers) ctx.stderr.write(`${safeLines(result.empty)}\n`)
      } else ctx.stdout.write(renderOutput(result, options))
    }
    return ExitCode.ok
  } catch (error) {
    const err = toCLIError(error)
    const local = !err.cause || isCittyUsageError(err.cause)
    const hint = err.exitCode === ExitCode.usage && target && local ? ` (see: ${target.path.join(' ')} --help)` : ''
    // An empty message is an outcome already shown (stark diff: differences are exit 1).
    if (err.message) ctx.stderr.write(`error: ${safeLines(err.message)}${hint}\n`)
    if (ctx.env.STARK_DEBUG && err.cause instanceof Error && err.cause.stack) ctx.stderr.write(`${err.cause.stack}\n`)
    return err.exitCode
  }
}
