/**
 * A PostgreSQL cluster of the test's own (Debian's binaries, a temp directory, its own port), so a
 * test can restart or stop the database without disturbing anything else on the machine.
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { freePort } from './ports'

export interface PrivatePostgres {
  url: string
  restart(): void
  stop(): void
  start(): void
  destroy(): void
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const version = readdirSync(root).sort().at(-1)
  return version ? join(root, version, 'bin') : undefined
}

/** Null when PostgreSQL's server binaries are not installed. */
export async function startPrivatePostgres(): Promise<PrivatePostgres | null> {
  const bin = binDir()
  if (!bin || !existsSync(join(bin, 'initdb'))) return null
  const dir = mkdtempSync(join(tmpdir(), 'stark-pg-'))
  const data = join(dir, 'data')
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  // initdb refuses to run as root: run the server binaries as the postgres user.
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' })
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const start = () => void pg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'])
  start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    restart: () => void pg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart']),
    stop: () => void pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    destroy() {
      try {
        pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } catch {
        /* not running */
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
