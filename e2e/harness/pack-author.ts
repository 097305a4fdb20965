/**
 * A pack author's shell: `stark` on the PATH (a shim to the built CLI, as `npm link` would give),
 * commands run in the author's folder, and `stark pack run` started in a process group of its own
 * so a test can press Ctrl-C the way a terminal does (SIGINT to the whole foreground group).
 */
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './processes'
import { starkBin } from './stark'

export interface AuthorShell {
  env: NodeJS.ProcessEnv
  /** Runs a command line (`npm test`, `stark pack run …`) in `cwd` to its end. */
  sh(
    cwd: string,
    command: string,
    args: string[],
    timeoutMs?: number,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>
  /** Starts `stark <args>` as a terminal's foreground job; `ctrlC()` signals its whole group. */
  job(cwd: string, args: string[]): AuthorJob
}

export interface AuthorJob {
  readonly output: string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  ctrlC(): void
  exited: Promise<number | null>
}

export function authorShell(home: string, env: NodeJS.ProcessEnv = {}): AuthorShell {
  const bin = join(home, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'stark'), `#!/bin/sh\nexec "${process.execPath}" "${starkBin}" "$@"\n`)
  chmodSync(join(bin, 'stark'), 0o755)
  const shellEnv = { STARK_HOME: home, NO_COLOR: '1', ...env, PATH: `${bin}:${process.env.PATH}` }
  return {
    env: shellEnv,
    sh: (cwd, command, args, timeoutMs = 120_000) => run(command, args, { cwd, env: shellEnv, timeoutMs }),
    job(cwd, args) {
      const child = spawn(process.execPath, [starkBin, ...args], {
        cwd,
        env: { ...process.env, ...shellEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      let output = ''
      const waiters = new Set<() => void>()
      const onData = (d: Buffer) => {
        output += d.toString()
        for (const w of waiters) w()
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      return {
        get output() {
          return output
        },
        waitFor: (pattern, timeoutMs = 60_000) =>
          new Promise<void>((resolve, reject) => {
            const check = () => {
              if (!pattern.test(output)) return
              waiters.delete(check)
              clearTimeout(timer)
              resolve()
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              reject(new Error(`timed out waiting for ${pattern} in:\n${output}`))
            }, timeoutMs)
            waiters.add(check)
            check()
          }),
        ctrlC: () => process.kill(-child.pid!, 'SIGINT'),
        exited,
      }
    },
  }
}
