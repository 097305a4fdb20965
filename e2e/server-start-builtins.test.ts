/**
 * The server's start loads Node's built-in modules before the database opening sets PGlite's V8
 * flags (server/src/node-builtins.ts): a built-in first loaded after a flag change misses Node's
 * code cache and is compiled from its source. Run on the built server, as `stark server start`
 * runs it: open the database, then load and start the server, and list the built-ins loaded since.
 */
import { describe, expect, it } from 'vitest'
import { run } from './harness/processes'
import { tempHome } from './harness/stark'

/** Loaded by Node's ES module loader itself, at the first CommonJS package an ES module imports. */
const LOADER_OWN = ['internal/deps/cjs-module-lexer/lexer']

const probe = `
const boot = await import('@stark/server/boot')
const config = { ...boot.defaultConfig({ STARK_HOME: process.argv[1], STARK_LOG_LEVEL: 'error' }), port: 0 }
const database = boot.openServerDatabase(config)
await database.opened
const before = new Set(process.moduleLoadList)
const { startServer } = await import('@stark/server')
const running = await startServer({ config, database })
const late = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13))
await running.close()
process.stdout.write(JSON.stringify({ late, before: before.size }) + '\\n')
`

describe('server start and built-in modules', () => {
  it('loads every built-in the server needs before PGlite sets its flags', async () => {
    const home = tempHome()
    try {
      const r = await run(process.execPath, ['--input-type=module', '-e', probe, home.path], {
        cwd: new URL('..', import.meta.url).pathname,
        timeoutMs: 60_000,
      })
      expect(r.code, r.stderr).toBe(0)
      const { late, before } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { late: string[]; before: number }
      expect(before).toBeGreaterThan(100) // the probe saw the boot's modules load
      expect(late.filter((m) => !LOADER_OWN.includes(m))).toEqual([])
    } finally {
      home.remove()
    }
  })
})
