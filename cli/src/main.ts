/**
 * The `stark` process: builds the real context (process env, streams, fetch, clock, signals) and
 * runs one command line. `runMain` is the only place the CLI calls process.exit.
 */
import { hostname } from 'node:os'
import type { CliContext } from './lib/context'
import { promptSecret, readAll } from './lib/secret-prompt'
import { execute } from './lib/run'
import { root } from './root'

function processContext(): CliContext {
  let controller: AbortController | undefined
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    fetch: globalThis.fetch,
    now: () => Date.now(),
    hostname: hostname(),
    readStdin: () => readAll(process.stdin),
    // Asked only on a terminal: a pipe or a closed stdin has nobody to answer.
    ...(process.stdin.isTTY ? { promptSecret: (question: string) => promptSecret(process.stdin, process.stderr, question) } : {}),
    trapSignals() {
      if (!controller) {
        const c = (controller = new AbortController())
        const onSignal = (signal: NodeJS.Signals) => {
          if (!c.signal.aborted) return c.abort(signal)
          process.stderr.write(`error: ${signal} again: exiting without a clean stop\n`)
          process.exit(130)
        }
        process.on('SIGINT', onSignal)
        process.on('SIGTERM', onSignal)
      }
      return controller.signal
    },
  }
}

/** `stark … | head`: when the reader goes away, stop quietly (exit 0), as Unix tools do. */
function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
  }
}

export async function runMain(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  exitQuietlyOnClosedPipe()
  const code = await execute(root, argv, processContext())
  // Let stdout drain (a pipe may be slow) before exiting.
  await new Promise<void>((resolve) =>
    process.stdout.writableNeedDrain ? process.stdout.once('drain', () => resolve()) : resolve(),
  )
  process.exit(code)
}

void runMain()
