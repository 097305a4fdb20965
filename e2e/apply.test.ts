/**
 * Declarative files from the outside, with the built `stark` binary for the server and every step
 * through the CLI as a user types it: a directory with a JSON file and a typed .ts module is
 * applied (created), applied again (unchanged, nothing written), one field edited (diff shows it
 * and exits 1, apply configures it, diff then exits 0), a bad file changes nothing and names every
 * bad object, delete -f removes everything in reverse order. And passwords never on the command
 * line: read from --password-stdin, asked on a terminal without echo, refused with no terminal.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePack } from './harness/packs'
import { type CliResult, type StarkServer, stark, starkBin, startServer, tempHome } from './harness/stark'

const PASSWORD = 'apply-e2e-password-1'
/** What a config module imports its types from (spelt out so this file is not read as importing it). */
const CONFIG_MODULE = JSON.stringify(['@stark', 'cli', 'config'].join('/'))
const home = tempHome()
let server: StarkServer
const cli = (...args: string[]) => stark(home.path, server.url, args)

/** The CLI with `input` on its standard input (a pipe, not a terminal). */
function starkWithInput(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [starkBin, ...args], {
      env: { ...process.env, STARK_HOME: home.path, STARK_API_URL: server.url, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

const lines = (r: CliResult) => r.stdout.trim().split('\n')

beforeAll(async () => {
  server = await startServer({ home: home.path })
})
afterAll(async () => {
  await server?.stop()
  home.remove()
})

describe('passwords never on the command line', () => {
  it('auth setup reads --password-stdin', async () => {
    const r = await starkWithInput(['auth', 'setup', '--email', 'admin@example.com', '--password-stdin'], `${PASSWORD}\n`)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/admin admin@example.com created/)
  })

  it('without a terminal and without --password-stdin, login is refused with the way to give one', async () => {
    const r = await cli('auth', 'login', '--email', 'admin@example.com')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no password: give it on standard input with --password-stdin/)
  })

  const hasScript = spawnSync('script', ['--version']).status === 0
  it.skipIf(!hasScript)('on a terminal it asks, and what is typed is never echoed', async () => {
    // `script` gives the CLI a real pseudo-terminal; the password is typed once the prompt shows.
    const child = spawn(
      'script',
      ['-q', '-c', `${process.execPath} ${starkBin} auth login --email admin@example.com`, '/dev/null'],
      {
        env: { ...process.env, STARK_HOME: home.path, STARK_API_URL: server.url, NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let shown = ''
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        shown += d.toString()
        if (shown.includes('Password: ')) resolve()
      }),
    )
    child.stdin.write(`${PASSWORD}\r`)
    expect(await exited).toBe(0)
    expect(shown).toMatch(/logged in to .* as admin@example.com/)
    expect(shown).not.toContain(PASSWORD)
  })
})

describe('stark apply, diff and delete -f', () => {
  const dir = join(home.path, 'shop')
  const bad = join(home.path, 'bad')
  const serviceModule = (replicas: number) => `
import { defineConfig } from ${CONFIG_MODULE}

export default defineConfig([
  { kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, pack: 'greeter@1.0.0', replicas: ${replicas}, env: { MODE: 'web' } },
  { kind: 'Pod', metadata: { name: 'once', namespace: 'shop' }, pack: 'greeter', restartPolicy: 'Never', secrets: ['db'] },
])
`
  beforeAll(() => {
    mkdirSync(dir, { recursive: true })
    writePack(dir, 'greeter.pack', 'export default async function main(ctx) { console.log("hi " + ctx.pod.name) }')
    writeFileSync(join(dir, 'db.env'), '# database\nDB_USER=app\nDB_PASSWORD=first\n')
    writeFileSync(
      join(dir, '10-base.json'),
      JSON.stringify([
        { kind: 'Namespace', metadata: { name: 'shop' }, quota: { pods: 20 } },
        { kind: 'PriorityClass', metadata: { name: 'shop-high' }, value: 500 },
        {
          kind: 'Pack',
          metadata: { name: 'greeter', namespace: 'shop' },
          version: '1.0.0',
          bundle: './greeter.pack.js',
          runtime: 'node',
        },
        { kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, envFile: './db.env' },
      ]),
    )
    writeFileSync(join(dir, '20-web.stark.ts'), serviceModule(2))
  })

  const ALL = ['namespace/shop', 'priorityclass/shop-high', 'secret/db', 'pack/greeter@1.0.0', 'service/web', 'pod/once']

  it('diff of a new directory shows every object to create and exits 1', async () => {
    const r = await cli('diff', '-f', dir)
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toBe('')
    for (const name of ALL) expect(r.stdout).toContain(`+ ${name}`)
  })

  it('apply creates everything, in dependency order', async () => {
    const r = await cli('apply', '-f', dir)
    expect(r.code, r.stderr).toBe(0)
    expect(lines(r)).toEqual(ALL.map((n) => `${n} created`))
    const svc = (await cli('service', 'status', 'web', '-n', 'shop', '-o', 'json')).json()
    expect(svc.replicas).toBe(2)
    expect(svc.template.env).toEqual({ MODE: 'web' })
    const secret = (await cli('secret', 'list', '-n', 'shop', '-o', 'json')).json()
    expect(secret[0].keys).toEqual(['DB_PASSWORD', 'DB_USER'])
  })

  it('applying the same files again changes nothing', async () => {
    const eventsBefore = (await cli('events', '-o', 'json')).json().length
    const r = await cli('apply', '-f', dir)
    expect(r.code, r.stderr).toBe(0)
    expect(lines(r)).toEqual(ALL.map((n) => `${n} unchanged`))
    const diff = await cli('diff', '-f', dir)
    expect(diff.code, diff.stdout).toBe(0)
    expect((await cli('events', '-o', 'json')).json().length).toBe(eventsBefore)
  })

  it('an edited field: diff shows it and exits 1; apply configures it; then no difference', async () => {
    writeFileSync(join(dir, '20-web.stark.ts'), serviceModule(3))
    writeFileSync(join(dir, 'db.env'), 'DB_USER=app\nDB_PASSWORD=second\n')
    const diff = await cli('diff', '-f', dir)
    expect(diff.code).toBe(1)
    expect(diff.stdout).toContain('~ service/web (namespace shop): would be configured\n    /replicas:\n    -  2\n    +  3')
    const r = await cli('apply', '-f', dir)
    expect(r.code, r.stderr).toBe(0)
    expect(lines(r)).toEqual(ALL.map((n) => `${n} ${n === 'service/web' || n === 'secret/db' ? 'configured' : 'unchanged'}`))
    expect((await cli('service', 'status', 'web', '-n', 'shop', '-o', 'json')).json().replicas).toBe(3)
    expect((await cli('diff', '-f', dir)).code).toBe(0)
  })

  it('a change the API cannot make in place is refused with the field, and nothing is changed', async () => {
    writeFileSync(join(dir, '20-web.stark.ts'), serviceModule(4).replace("restartPolicy: 'Never'", "restartPolicy: 'OnFailure'"))
    const r = await cli('apply', '-f', dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/pod\/once \(namespace shop\) \(\S*20-web.stark.ts\[1\]\): a pod never changes once created/)
    expect(r.stderr).toContain('/restartPolicy:')
    expect((await cli('service', 'status', 'web', '-n', 'shop', '-o', 'json')).json().replicas).toBe(3)
    writeFileSync(join(dir, '20-web.stark.ts'), serviceModule(3))
  })

  it('an invalid file changes nothing and names every bad object with its place', async () => {
    mkdirSync(bad, { recursive: true })
    writeFileSync(
      join(bad, 'a.json'),
      JSON.stringify([
        { kind: 'Namespace', metadata: { name: 'never' } },
        { kind: 'Service', metadata: { name: 'Web' }, pack: 'greeter', replicas: -1, colour: 'red' },
        { kind: 'Gizmo', metadata: { name: 'g' } },
        { kind: 'Pack', metadata: { name: 'p' }, version: '1.0.0', bundle: './missing.js' },
      ]),
    )
    writeFileSync(join(bad, 'b.json'), '{ nope')
    const r = await cli('apply', '-f', bad)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    for (const expected of [
      'a.json[1] (Service Web): /metadata/name:',
      'a.json[1] (Service Web): /replicas:',
      'a.json[1] (Service Web): /colour: unknown field',
      'a.json[2] (Gizmo g): /kind: must be one of',
      'a.json[3] (Pack p): /bundle ./missing.js: no such file',
      'b.json: ',
    ])
      expect(r.stderr).toContain(expected)
    expect(r.stderr).toMatch(/problem\(s\) in the file\(s\): nothing was changed/)
    const namespaces = (await cli('namespace', 'list', '-o', 'json')).json() as { name: string }[]
    expect(namespaces.map((n) => n.name)).not.toContain('never')
  })

  it('delete -f removes everything, the reverse of the apply order (a registered pack goes with its namespace)', async () => {
    const r = await cli('delete', '-f', dir)
    expect(r.code, r.stderr).toBe(0)
    expect(lines(r)).toEqual([
      'pod/once deleted',
      'service/web deleted',
      'pack/greeter@1.0.0 kept: a registered pack version is deleted only with its namespace (services and pods may still run it)',
      'secret/db deleted',
      'priorityclass/shop-high deleted',
      'namespace/shop deleted',
    ])
    expect((await cli('service', 'status', 'web', '-n', 'shop')).code).toBe(4)
    const namespaces = (await cli('namespace', 'list', '-o', 'json')).json() as { name: string }[]
    expect(namespaces.map((n) => n.name)).not.toContain('shop')
    expect((await cli('priorityclass', 'list', '-o', 'json')).json()).toEqual([])
    expect((await cli('pack', 'list', '-A', '-o', 'json')).json().map((p: { name: string }) => p.name)).not.toContain('greeter')
  })
})
