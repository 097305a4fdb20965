/**
 * PM2 7.0.4 driven through its own programmatic API, with a PM2_HOME of its own (its daemon and
 * the apps it starts are this run's alone). PM2 is installed into bench/pm2/ from that folder's
 * lock file on first use (`npm ci` there): a dependency of this benchmark only, kept out of the
 * repository's install.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pm2Script } from './beacon'

const folder = join(dirname(fileURLToPath(import.meta.url)), 'pm2')

/** PM2's package, installed on first use; its version. */
export function ensurePm2(): string {
  if (!existsSync(join(folder, 'node_modules', 'pm2', 'package.json'))) {
    process.stderr.write('bench:pm2: installing PM2 into bench/pm2 (npm ci, once)\n')
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: folder, stdio: 'inherit' })
  }
  return JSON.parse(readFileSync(join(folder, 'node_modules', 'pm2', 'package.json'), 'utf8')).version as string
}

type Callback<T> = (err: Error | null, value: T) => void
interface Pm2Api {
  connect(cb: Callback<unknown>): void
  start(options: unknown, cb: Callback<unknown>): void
  delete(name: string, cb: Callback<unknown>): void
  killDaemon(cb: Callback<unknown>): void
  disconnect(): void
}

const call = <T>(fn: (cb: Callback<T>) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))))

export interface Pm2 {
  /** The daemon's pid (the root of PM2's process tree). */
  daemonPid(): number
  /** Starts these apps in one API call. */
  start(names: string[], crash?: boolean): Promise<void>
  remove(name: string): Promise<void>
  close(): Promise<void>
}

export async function startPm2(home: string, beaconPort: number): Promise<Pm2> {
  const scripts = { steady: join(home, 'beacon.cjs'), crash: join(home, 'beacon-crash.cjs') }
  writeFileSync(scripts.steady, pm2Script(beaconPort, false))
  writeFileSync(scripts.crash, pm2Script(beaconPort, true))
  process.env.PM2_HOME = join(home, '.pm2')
  process.env.PM2_DISABLE_VERSION_CHECK = 'true'
  const require = createRequire(join(folder, 'package.json'))
  const Custom = require('pm2').custom as new (o: object) => Pm2Api
  const pm2 = new Custom({ pm2_home: process.env.PM2_HOME, daemon_mode: true })
  await call((cb) => pm2.connect(cb))
  return {
    daemonPid: () => Number(readFileSync(join(process.env.PM2_HOME!, 'pm2.pid'), 'utf8').trim()),
    async start(names, crash = false) {
      const apps = names.map((name) => ({
        name,
        script: crash ? scripts.crash : scripts.steady,
        exec_mode: 'fork',
        autorestart: true,
        env: { BEACON_NAME: name },
      }))
      await call((cb) => pm2.start({ apps }, cb))
    },
    remove: (name) => call((cb) => pm2.delete(name, cb)).then(() => undefined),
    async close() {
      await call((cb) => pm2.killDaemon(cb)).catch(() => {})
      pm2.disconnect()
    },
  }
}
