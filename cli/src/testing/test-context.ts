/** A CliContext for tests: a temp STARK_HOME, captured output, a controllable shutdown signal. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliContext } from '../lib/context'

export interface TestContext extends CliContext {
  home: string
  out(): string
  err(): string
  /** Clears captured output. */
  reset(): void
  /** What SIGINT would do. */
  interrupt(): void
  /** Removes the temp home. */
  cleanup(): void
}

export function makeTempHome(): string {
  return mkdtempSync(join(tmpdir(), 'stark-cli-test-'))
}

export function testContext(
  options: Partial<Pick<CliContext, 'fetch' | 'isTTY' | 'now' | 'cwd' | 'hostname'>> & {
    env?: Record<string, string>
    home?: string
  } = {},
): TestContext {
  const home = options.home ?? makeTempHome()
  let out = ''
  let err = ''
  const controller = new AbortController()
  return {
    home,
    env: { STARK_HOME: home, ...options.env },
    cwd: options.cwd ?? home,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    isTTY: options.isTTY ?? false,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => Date.now()),
    hostname: options.hostname ?? 'test-host',
    trapSignals: () => controller.signal,
    out: () => out,
    err: () => err,
    reset() {
      out = ''
      err = ''
    },
    interrupt: () => controller.abort('SIGINT'),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  }
}
