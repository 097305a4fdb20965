/**
 * The pack author's loop from the outside, as a new user walks it with the built `stark` on the
 * PATH: `stark pack init` → `npm test` in the new folder → `stark pack run` on Node and in
 * Chromium (exit codes, Ctrl-C with the grace period) → `npm run push` and `stark pack push
 * --service` on a real cluster (a server and a Node agent), through a rollout and a rollback.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable } from './browser/chromium'
import { authorShell } from './harness/pack-author'
import type { Proc } from './harness/processes'
import { startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

const TICKER = (version: string) => `import type { PackContext } from '@stark/pack'

export default async function main(ctx: PackContext) {
  console.log('stark:ready')
  const timer = setInterval(() => ctx.log('tick ${version}'), 200)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
}
`

describe('the pack author’s loop', () => {
  const home = tempHome('stark-pack-author-')
  const work = join(home.path, 'work')
  const dir = join(work, 'hello')
  const shell = authorShell(home.path)
  let server: StarkServer | undefined
  let agent: Proc | undefined
  const withBrowser = browserAvailable()

  beforeAll(() => mkdirSync(work, { recursive: true }))
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('stark pack init writes a typed pack whose own test passes with npm test', async () => {
    const init = await shell.sh(work, 'stark', ['pack', 'init', 'hello'])
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toMatch(
      /^created hello\/ \(package\.json, tsconfig\.json, src\/index\.ts, src\/index\.test\.ts, README\.md/,
    )
    expect(init.stdout).toMatch(/npm run dev/)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(pkg.stark).toEqual({ name: 'hello', runtime: 'universal' })
    expect(pkg.scripts).toMatchObject({ test: 'stark pack test', push: 'stark pack push src/index.ts' })
    expect(pkg.devDependencies['@stark/pack']).toMatch(/^file:.*\/pack$/)
    expect(readFileSync(join(dir, 'src', 'index.ts'), 'utf8')).toMatch(/import type \{ PackContext \} from '@stark\/pack'/)
    // Linked from the checkout: no registry involved.
    expect(existsSync(join(dir, 'node_modules', '@stark', 'pack', 'package.json'))).toBe(true)

    const test = await shell.sh(dir, 'npm', ['test'])
    expect(test.code, test.stdout + test.stderr).toBe(0)
    expect(test.stdout).toMatch(/✔ greets whoever it is given/)
    expect(test.stdout).toMatch(/pass 1/)
  })

  it('a failing unit test fails npm test', async () => {
    const file = join(dir, 'src', 'index.test.ts')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace("'Hi, Ada! (pod test on node)'", "'something else'"))
    const test = await shell.sh(dir, 'npm', ['test'])
    writeFileSync(file, good)
    expect(test.code).not.toBe(0)
    expect(test.stdout).toMatch(/fail 1/)
  })

  it('stark pack run runs it on Node as a node would: the output on the terminal, exit 0 when main returns', async () => {
    const r = await shell.sh(dir, 'stark', ['pack', 'run', 'src/index.ts', '--env', 'GREETING=Hey', '--arg', 'Ada'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Hey, Ada! (pod hello-local on node)\n')
    expect(r.stderr).toMatch(/stark: hello returned/)
  })

  it('exit 1 with the error when main throws', async () => {
    writeFileSync(join(dir, 'src', 'fails.ts'), "export default async function main() {\n  throw new Error('no luck')\n}\n")
    const r = await shell.sh(dir, 'stark', ['pack', 'run', 'src/fails.ts'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Error: no luck\n\s+at main/)
    expect(r.stderr).toMatch(/error: hello failed: no luck/)
  })

  it('a universal pack importing node:fs is refused before it runs, with the reason and the fix', async () => {
    writeFileSync(
      join(dir, 'src', 'reads.ts'),
      "import { readFileSync } from 'node:fs'\nexport default () => readFileSync('x')\n",
    )
    const r = await shell.sh(dir, 'stark', ['pack', 'run', 'src/reads.ts'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/imports node:fs at the top level, which browser nodes do not have\. Fix: make it a node pack/)
    const bundled = await shell.sh(dir, 'stark', ['pack', 'bundle', 'src/reads.ts', '--runtime', 'browser'])
    expect(bundled.code).toBe(1)
    expect(bundled.stderr).toMatch(/imports node:fs, which browsers do not have: a browser pack may use web APIs only/)
  })

  it('runs in the pod process’s isolation: only the pod’s environment, no files outside its own', async () => {
    const peek = join(work, 'peek')
    mkdirSync(join(peek, 'src'), { recursive: true })
    writeFileSync(join(peek, 'package.json'), JSON.stringify({ name: 'peek', stark: { runtime: 'node' } }))
    writeFileSync(
      join(peek, 'src', 'index.ts'),
      `import { readFileSync } from 'node:fs'
export default async function main(ctx: { log: (...a: unknown[]) => void }) {
  ctx.log('env', Object.keys(process.env).sort().join(','))
  try { readFileSync(${JSON.stringify(join(dir, 'package.json'))}); ctx.log('read it') } catch (e) { ctx.log('refused', (e as { code?: string }).code) }
}
`,
    )
    const r = await shell.sh(peek, 'stark', ['pack', 'run', 'src/index.ts', '--env', 'ONLY=this'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('env ONLY\nrefused ERR_ACCESS_DENIED\n')
  })

  it.runIf(withBrowser)('stark pack run --runtime browser runs it in headless Chromium with the browser executor', async () => {
    const r = await shell.sh(dir, 'stark', ['pack', 'run', 'src/index.ts', '--runtime', 'browser', '--arg', 'Grace'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Hello, Grace! (pod hello-local on browser)\n')
    const failed = await shell.sh(dir, 'stark', ['pack', 'run', 'src/fails.ts', '--runtime', 'browser'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/error: hello failed: no luck/)
  })

  it.each(withBrowser ? ['node', 'browser'] : ['node'])(
    'Ctrl-C on %s aborts the signal; main returns within the grace period → exit 0',
    async (runtime) => {
      writeFileSync(join(dir, 'src', 'ticker.ts'), TICKER('local'))
      const job = shell.job(dir, ['pack', 'run', 'src/ticker.ts', '--runtime', runtime])
      await job.waitFor(/tick local/)
      job.ctrlC()
      expect(await job.exited).toBe(0)
      expect(job.output).toMatch(/stark: stopping \(the pack has 10 s to return/)
      expect(job.output).toMatch(/stark: hello stopped/)
    },
  )

  it('--watch restarts the pack on save: the old run is stopped (its signal), the new code runs', async () => {
    writeFileSync(join(dir, 'src', 'ticker.ts'), TICKER('before'))
    const job = shell.job(dir, ['pack', 'run', 'src/ticker.ts', '--watch'])
    await job.waitFor(/tick before/)
    writeFileSync(join(dir, 'src', 'ticker.ts'), TICKER('after'))
    await job.waitFor(/tick after/)
    expect(job.output).toMatch(/stark: src\/ticker\.ts changed; restarting\n/)
    expect(job.output).toMatch(/stark: hello stopped\n[\s\S]*tick after/)
    job.ctrlC()
    expect(await job.exited).toBe(0)
  })

  it('Ctrl-C on a pack that ignores its signal: terminated after the grace period → exit 1', async () => {
    writeFileSync(
      join(dir, 'src', 'stubborn.ts'),
      "export default async function main() {\n  console.log('up')\n  await new Promise(() => setInterval(() => {}, 1000))\n}\n",
    )
    const job = shell.job(dir, ['pack', 'run', 'src/stubborn.ts', '--grace-period', '1'])
    await job.waitFor(/^up$/m)
    job.ctrlC()
    expect(await job.exited).toBe(1)
    expect(job.output).toMatch(/error: hello stopped \(Terminated\): the pack did not end within its grace period/)
  })

  it('push registers the next version each time, and --service rolls the service to it showing the rollout', async () => {
    server = await startServer({ home: home.path })
    const env = { STARK_API_URL: server.url }
    const authed = authorShell(home.path, env)
    const setup = await authed.sh(dir, 'stark', [
      'auth',
      'setup',
      '--email',
      'author@example.com',
      '--password',
      'pack-author-pass',
    ])
    expect(setup.code, setup.stderr).toBe(0)
    agent = await startAgent(home.path, server.url, 'n1')

    writeFileSync(join(dir, 'src', 'index.ts'), TICKER('one'))
    const first = await authed.sh(dir, 'npm', ['run', 'push'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/pack hello@0\.1\.0 registered \(universal, /)
    const created = await authed.sh(dir, 'stark', ['service', 'create', 'web', '--pack', 'hello@0.1.0', '--replicas', '2'])
    expect(created.code, created.stderr).toBe(0)
    const ready = await authed.sh(dir, 'stark', ['service', 'status', 'web', '--wait', '--timeout', '90'])
    expect(ready.code, ready.stderr).toBe(0)

    writeFileSync(join(dir, 'src', 'index.ts'), TICKER('two'))
    const rolled = await authed.sh(dir, 'npm', ['run', 'push', '--', '--service', 'web'], 180_000)
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0)
    expect(rolled.stderr).toMatch(/pack hello@0\.1\.1 registered/)
    expect(rolled.stderr).toMatch(/service web: [01]\/2 updated to hello@0\.1\.1, \d\/2 available\n/)
    expect(rolled.stderr).toMatch(/service web: 2\/2 updated to hello@0\.1\.1, 2\/2 available/)
    expect(rolled.stdout).toMatch(/service web runs hello@0\.1\.1 on 2 available pod\(s\)/)
    const status = JSON.parse((await authed.sh(dir, 'stark', ['service', 'status', 'web', '-o', 'json'])).stdout)
    expect(status.pack.version).toBe('0.1.1')
    const live = status.pods.filter((p: { deleting: boolean; status: string }) => !p.deleting && p.status === 'Running')
    expect(live.map((p: { version: string }) => p.version)).toEqual(['0.1.1', '0.1.1'])
  })

  it('a version that fails at start is rolled back: push --service exits 1 with the reason', async () => {
    const env = { STARK_API_URL: server!.url }
    const authed = authorShell(home.path, env)
    writeFileSync(join(dir, 'src', 'index.ts'), "export default async function main() {\n  throw new Error('bad release')\n}\n")
    const r = await authed.sh(dir, 'stark', ['pack', 'push', 'src/index.ts', '--service', 'web'], 240_000)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/pack hello@0\.1\.2 registered/)
    expect(r.stderr).toMatch(
      /error: service web: rollout failed and was rolled back: rolled back from hello@0\.1\.2 to hello@0\.1\.1/,
    )
  })
})
