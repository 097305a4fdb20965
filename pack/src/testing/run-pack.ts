/**
 * Runs a pack's main once with a test context and tells how it ended, the way a node would: returned
 * (Succeeded) or threw (Failed), with every line it wrote through `ctx.log` or `console.*`.
 */
import type { PackContext, PackMain } from '../context'
import { formatLine } from './format'
import { testContext, type TestContextOptions } from './test-context'

export interface RunPackOptions extends TestContextOptions {
  /** Stops the pack (aborts `ctx.signal`) once a line passes this test: e.g. `(line) => line === READY_LINE`. */
  stopWhen?: (line: string) => boolean
}

export interface PackRunResult {
  status: 'Succeeded' | 'Failed'
  /** What main threw, when it did. */
  error?: unknown
  /** Every line of output, `ctx.log` and `console.*` alike, in order. */
  lines: string[]
  /** Whether the pack was stopped (its signal aborted) before it returned. */
  stopped: boolean
}

const consoleMethods = ['log', 'info', 'debug', 'warn', 'error'] as const

export async function runPack<Ctx extends PackContext>(
  main: PackMain<Ctx>,
  options: RunPackOptions = {},
): Promise<PackRunResult> {
  const lines: string[] = []
  let stopped = false
  const ctx = testContext({
    ...options,
    onLine: (line) => {
      lines.push(line)
      options.onLine?.(line)
      if (!stopped && options.stopWhen?.(line)) {
        stopped = true
        queueMicrotask(() => ctx.stop())
      }
    },
  })
  // console.* is the pod's log on a node: here it goes to the same lines for as long as main runs.
  const saved = consoleMethods.map((name) => [name, console[name]] as const)
  for (const name of consoleMethods) console[name] = (...args: unknown[]) => ctx.log(formatLine(args))
  try {
    await main(ctx as unknown as Ctx)
    return { status: 'Succeeded', lines, stopped }
  } catch (error) {
    return { status: 'Failed', error, lines, stopped }
  } finally {
    for (const [name, fn] of saved) console[name] = fn
  }
}
