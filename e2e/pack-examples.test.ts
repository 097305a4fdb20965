/**
 * Every pack in examples/ as CI sees it: its unit tests (`stark pack test`), then bundled and run
 * with `stark pack run` in the agents' own executors — on Node in a pod process, in headless
 * Chromium for browser and universal packs — with the outcome a node would report.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { browserAvailable } from './browser/chromium'
import { authorShell } from './harness/pack-author'
import { repoRoot, tempHome } from './harness/stark'

const examples = join(repoRoot, 'examples')

describe('examples', () => {
  const home = tempHome('stark-pack-examples-')
  const shell = authorShell(home.path)
  const withBrowser = browserAvailable()
  const at = (name: string) => join(examples, name)
  afterAll(() => home.remove())

  it.each(['worker', 'service', 'ui', 'secret'])('%s: its unit tests pass', async (name) => {
    const r = await shell.sh(at(name), 'stark', ['pack', 'test'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/ℹ fail 0/)
  })

  it.each(withBrowser ? ['node', 'browser'] : ['node'])('worker on %s: counts primes and returns (exit 0)', async (runtime) => {
    const r = await shell.sh(at('worker'), 'stark', ['pack', 'run', 'src/index.ts', '--runtime', runtime, '--arg', '5000'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`669 primes below 5000; the largest is 4999 (${runtime})\n`)
    const bad = await shell.sh(at('worker'), 'stark', ['pack', 'run', 'src/index.ts', '--runtime', runtime, '--arg', 'lots'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/error: example-worker failed: the argument must be a whole number/)
  })

  it('service: runs until Ctrl-C, then stops within its grace period (exit 0)', async () => {
    const job = shell.job(at('service'), ['pack', 'run', 'src/index.ts', '--env', 'INTERVAL_MS=100'])
    await job.waitFor(/^stark:ready$/m)
    await job.waitFor(/^round 2 on example-service-local \(example-service@0\.1\.0\)$/m)
    job.ctrlC()
    expect(await job.exited).toBe(0)
    expect(job.output).toMatch(/^stopped after \d+ round\(s\)$/m)
    expect(job.output).toMatch(/stark: example-service stopped/)
  })

  it.runIf(withBrowser)('ui: shows its view in Chromium until Ctrl-C (exit 0)', async () => {
    const job = shell.job(at('ui'), ['pack', 'run', 'src/index.ts', '--env', 'TITLE=Lobby'])
    await job.waitFor(/showing "Lobby"/)
    job.ctrlC()
    expect(await job.exited).toBe(0)
    expect(job.output).toMatch(/view closed/)
  })

  it.each(withBrowser ? ['node', 'browser'] : ['node'])('secret on %s: uses API_TOKEN without printing it', async (runtime) => {
    const r = await shell.sh(at('secret'), 'stark', [
      'pack',
      'run',
      'src/index.ts',
      '--runtime',
      runtime,
      '--env',
      'API_TOKEN=t0ps3cret',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^got API_TOKEN \\(9 characters, fingerprint [0-9a-f]{8}\\) on ${runtime}\\n$`))
    expect(r.stdout + r.stderr).not.toMatch(/t0ps3cret/)
    const missing = await shell.sh(at('secret'), 'stark', ['pack', 'run', 'src/index.ts', '--runtime', runtime])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/API_TOKEN is not set: create the pod with --secret NAME/)
  })
})
