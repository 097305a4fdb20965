/**
 * Server cold start to listening: on a new data directory (PGlite runs initdb and the migrations)
 * and on an existing one. Uses the built `stark` binary, as a user would.
 * Run: npm run bench:startup
 */
import { join } from 'node:path'
import { startServer, tempHome } from '../e2e/harness/stark'
import { percentile, report, round } from './lib'

const runs = Number(process.env.RUNS ?? 3)

async function timeStart(home: string, dataDir: string): Promise<number> {
  const t0 = performance.now()
  const server = await startServer({ home, dataDir })
  const ms = performance.now() - t0
  await server.stop()
  return ms
}

const fresh: number[] = []
const existing: number[] = []
for (let i = 0; i < runs; i++) {
  const home = tempHome('stark-bench-')
  const dataDir = join(home.path, 'data')
  fresh.push(await timeStart(home.path, dataDir))
  existing.push(await timeStart(home.path, dataDir))
  home.remove()
}
for (const [name, values] of [
  ['new-data-dir', fresh],
  ['existing-data-dir', existing],
] as const) {
  report({
    bench: 'server-cold-start',
    case: name,
    runs,
    p50_ms: round(percentile(values, 50)),
    max_ms: round(Math.max(...values)),
    samples_ms: values.map((v) => round(v)),
  })
}
