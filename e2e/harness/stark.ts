/**
 * Stark as a user runs it: the built `stark` binary for the server, agents and every command,
 * each with its own $STARK_HOME.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './ports'
import { run, start, type Proc } from './processes'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const starkBin = join(repoRoot, 'cli', 'bin', 'stark.mjs')

export function tempHome(prefix = 'stark-e2e-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export interface StarkServer {
  url: string
  proc: Proc
  stop(): Promise<void>
}

/** `stark server start --port 0`; resolves once it prints where it listens. */
export async function startServer(options: {
  home: string
  dataDir?: string
  databaseUrl?: string
  env?: NodeJS.ProcessEnv
  args?: string[]
}): Promise<StarkServer> {
  const args = ['server', 'start', '--port', '0', ...(options.args ?? [])]
  if (options.dataDir) args.push('--data-dir', options.dataDir)
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl)
  const proc = start(process.execPath, [starkBin, ...args], {
    env: { STARK_HOME: options.home, STARK_LOG_FORMAT: 'json', NO_COLOR: '1', ...options.env },
    name: 'server',
  })
  const m = await proc.waitFor(/(http:\/\/127\.0\.0\.1:\d+)/, 60_000)
  return { url: m[1]!, proc, stop: () => proc.stop() }
}

/**
 * A server on the data directory `<home>/data` and a port of its own, to stop (or kill) and start
 * again at the same URL, as an operator restarts one.
 */
export async function restartableServer(home: string): Promise<{ dataDir: string; start(): Promise<StarkServer> }> {
  const port = await freePort()
  const dataDir = join(home, 'data')
  return { dataDir, start: () => startServer({ home, dataDir, args: ['--port', String(port)] }) }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  json<T = any>(): T
}

/** Runs one `stark` command. */
export async function stark(home: string, apiUrl: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await run(process.execPath, [starkBin, ...args], {
    env: { STARK_HOME: home, STARK_API_URL: apiUrl, NO_COLOR: '1', ...env },
    timeoutMs: 60_000,
  })
  return {
    ...r,
    json() {
      try {
        return JSON.parse(r.stdout)
      } catch {
        throw new Error(`stark ${args.join(' ')} did not print JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
      }
    },
  }
}

/** `stark node agent start`; resolves once the node has registered. */
export async function startAgent(
  home: string,
  apiUrl: string,
  name: string,
  flags: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Proc> {
  const proc = start(process.execPath, [starkBin, 'node', 'agent', 'start', '--name', name, ...flags], {
    env: { STARK_HOME: home, STARK_API_URL: apiUrl, NO_COLOR: '1', ...env },
    name: `agent ${name}`,
  })
  await proc.waitFor(/registered/i, 30_000)
  return proc
}

/** The access token the CLI saved for `apiUrl` (to start an agent that reaches the server another way). */
export function savedAccessToken(home: string, apiUrl: string): string {
  const all = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as Record<string, { accessToken: string }>
  const session = all[apiUrl]
  if (!session) throw new Error(`no saved session for ${apiUrl}`)
  return session.accessToken
}

/** A server on `home` with its first admin set up through the CLI (the CLI's session saved in `home`). */
export async function startServerWithAdmin(home: string, password = 'e2e-admin-password-1'): Promise<StarkServer> {
  const server = await startServer({ home })
  const setup = await stark(home, server.url, ['auth', 'setup', '--email', 'admin@example.com', '--password', password])
  if (setup.code !== 0) {
    await server.stop()
    throw new Error(`stark auth setup failed (exit ${setup.code}): ${setup.stderr}`)
  }
  return server
}

/** A long-running `stark` command (a watch, a follow) whose output is collected as it comes. */
export interface StreamingCli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the exit code once the process has closed. */
  exited: Promise<number | null>
}

export function spawnStark(home: string, apiUrl: string, args: string[]): StreamingCli {
  const child = spawn(process.execPath, [starkBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STARK_HOME: home, STARK_API_URL: apiUrl, NO_COLOR: '1' },
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { child, stdout: () => out, stderr: () => err, exited }
}
