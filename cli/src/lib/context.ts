/**
 * What every command gets from the outside world, passed in as citty's `data`: environment,
 * working directory, output streams, fetch, the clock and the shutdown signal. `main.ts` builds
 * the real one; tests build their own (temp STARK_HOME, captured output).
 */
import { CLIError } from './errors'

export interface Writer {
  write(chunk: string): unknown
}

export interface CliContext {
  env: Record<string, string | undefined>
  cwd: string
  stdout: Writer
  stderr: Writer
  /** Whether stdout is a terminal: table output and colours by default. */
  isTTY: boolean
  /** Whether stderr is a terminal: progress indicators only then. */
  stderrIsTTY?: boolean
  fetch: typeof fetch
  now(): number
  /** The machine's name: the default node name. */
  hostname: string
  /** Everything on standard input (`--password-stdin`); absent in contexts without one. */
  readStdin?(): Promise<string>
  /**
   * Asks for a secret on the terminal without echoing it; absent (or stdin not a terminal) when
   * there is nobody to ask.
   */
  promptSecret?(question: string): Promise<string>
  /**
   * For long-running commands only: starts listening for SIGINT/SIGTERM and returns a signal
   * that aborts on the first one.
   */
  trapSignals(): AbortSignal
}

function isContext(value: unknown): value is CliContext {
  return typeof value === 'object' && value !== null && 'stdout' in value && 'env' in value && 'trapSignals' in value
}

/** The context a command was run with (`runCommand(cmd, { rawArgs, data: context })`). */
export function contextFrom(data: unknown): CliContext {
  if (!isContext(data)) throw new CLIError('internal: this command was run without a CLI context')
  return data
}
