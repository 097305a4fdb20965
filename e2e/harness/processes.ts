/**
 * Child processes for whole-system tests: spawn, capture output, wait for a line, signal, and
 * make sure nothing outlives the test file.
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface Proc {
  child: ChildProcess
  readonly output: string
  readonly stdout: string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  signal(sig: NodeJS.Signals): void
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>
}

const running = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL')
})

export function start(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; name?: string } = {},
): Proc {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let output = ''
  let stdout = ''
  const listeners = new Set<() => void>()
  const onData = (isOut: boolean) => (d: Buffer) => {
    const text = d.toString()
    output += text
    if (isOut) stdout += text
    if (process.env.STARK_E2E_VERBOSE) process.stderr.write(`[${options.name ?? command}] ${text}`)
    for (const l of listeners) l()
  }
  child.stdout!.on('data', onData(true))
  child.stderr!.on('data', onData(false))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child)
      for (const l of listeners) l()
      resolve({ code, signal })
    }),
  )
  let done = false
  void exited.then(() => (done = true))
  return {
    child,
    get output() {
      return output
    },
    get stdout() {
      return stdout
    },
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = output.match(pattern)
          if (m) {
            cleanup()
            resolve(m)
          } else if (done) {
            cleanup()
            reject(new Error(`${options.name ?? command} exited before printing ${pattern}:\n${output.slice(-3000)}`))
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out waiting for ${pattern} from ${options.name ?? command}:\n${output.slice(-3000)}`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
    signal(sig) {
      if (!done) child.kill(sig)
    },
    async stop(graceMs = 10_000) {
      if (done) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs a command to completion. */
export async function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${command} ${args.join(' ')} timed out\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Polls `fn` until it returns a truthy value. */
export async function until<T>(
  fn: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v as NonNullable<T>
      last = v
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${options.what ?? 'condition'}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
      )
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100))
  }
}
