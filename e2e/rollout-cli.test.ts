/**
 * `stark service rollout status|history|undo` from the outside: the built server, a real Node
 * agent, and the service described in a file and rolled through versions with `stark apply`: a
 * good update completes (status exits 0), a version that throws at start is rolled back (status
 * exits 1 with the reason), the history says what became of each version, and undo
 * --to-revision goes back to the first one.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Proc, until } from './harness/processes'
import { type StarkServer, stark, startAgent, startServer, tempHome } from './harness/stark'

const good = (version: string) => `
export default async function main(ctx) {
  console.log('running ${version}')
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`
const THROWS = `export default async function main() { throw new Error('bad release: cannot start') }\n`

interface HistoryItem {
  revision: number
  pack: { version: string | null }
  reason: string
  outcome: string
  current: boolean
}

const home = tempHome()
let server: StarkServer
let agent: Proc | undefined
const cli = (...args: string[]) => stark(home.path, server.url, args)
const dir = join(home.path, 'rollout')

/** The file: three versions of the pack and the service at `version`. */
function describeService(version: string) {
  writeFileSync(
    join(dir, 'web.json'),
    JSON.stringify([
      ...['1.0.0', '2.0.0', '3.0.0'].map((v) => ({
        kind: 'Pack',
        metadata: { name: 'roller' },
        version: v,
        bundle: `./roller-${v}.js`,
        runtime: 'node',
      })),
      { kind: 'Service', metadata: { name: 'web' }, pack: `roller@${version}`, replicas: 1 },
    ]),
  )
}

const applyFile = async () => {
  const r = await cli('apply', '-f', dir)
  return r.code === 0 ? 0 : `exit ${r.code}: ${r.stdout}${r.stderr}`
}

const history = async () => {
  const r = await cli('service', 'rollout', 'history', 'web', '-o', 'json')
  expect(r.code, r.stderr).toBe(0)
  return (r.json() as HistoryItem[]).map((i) => [i.revision, i.pack.version, i.outcome, i.current])
}

beforeAll(async () => {
  server = await startServer({ home: home.path })
  expect((await cli('auth', 'setup', '--email', 'admin@example.com', '--password', 'rollout-e2e-password-1')).code).toBe(0)
  agent = await startAgent(home.path, server.url, 'worker-1')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'roller-1.0.0.js'), good('1.0.0'))
  writeFileSync(join(dir, 'roller-2.0.0.js'), good('2.0.0'))
  writeFileSync(join(dir, 'roller-3.0.0.js'), THROWS)
})
afterAll(async () => {
  await agent?.stop()
  await server?.stop()
  home.remove()
})

describe('stark service rollout', () => {
  it('status waits for a good rollout and exits 0', async () => {
    describeService('1.0.0')
    expect(await applyFile()).toBe(0)
    const first = await cli('service', 'rollout', 'status', 'web', '--timeout', '2m')
    expect(first.code, first.stderr).toBe(0)
    describeService('2.0.0')
    const applied = await cli('apply', '-f', dir)
    expect(applied.stdout).toContain('service/web configured')
    const second = await cli('service', 'rollout', 'status', 'web', '--timeout', '2m', '-o', 'json')
    expect(second.code, second.stderr).toBe(0)
    expect(second.json().pack.version).toBe('2.0.0')
    expect(await history()).toEqual([
      [2, '2.0.0', 'Complete', true],
      [1, '1.0.0', 'Superseded', false],
    ])
  })

  it('status exits 1 with the reason when the rollout is rolled back; history says it failed', async () => {
    describeService('3.0.0')
    expect(await applyFile()).toBe(0)
    const r = await cli('service', 'rollout', 'status', 'web', '--timeout', '2m')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/service web: .*rolled back from roller@3\.0\.0 to roller@2\.0\.0/)
    await until(async () => (await history())[0]?.[2] === 'Complete', { what: 'the rollback to complete', timeoutMs: 60_000 })
    expect(await history()).toEqual([
      [4, '2.0.0', 'Complete', true],
      [3, '3.0.0', 'Failed', false],
      [2, '2.0.0', 'Superseded', false],
      [1, '1.0.0', 'Superseded', false],
    ])
  })

  it('undo --to-revision goes back to that revision, and the history records it', async () => {
    const refused = await cli('service', 'rollout', 'undo', 'web', '--to-revision', '9')
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/revision 9 of service web/)
    const r = await cli('service', 'rollout', 'undo', 'web', '--to-revision', '1')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/rolling back to roller@1\.0\.0 \(revision 1\)/)
    const done = await cli('service', 'rollout', 'status', 'web', '--timeout', '2m', '-o', 'json')
    expect(done.code, done.stderr).toBe(0)
    expect(done.json().pack.version).toBe('1.0.0')
    const h = await history()
    expect(h[0]).toEqual([5, '1.0.0', 'Complete', true])
    expect(h[1]).toEqual([4, '2.0.0', 'RolledBack', false])
    const table = await cli('service', 'rollout', 'history', 'web', '-o', 'table')
    expect(table.stdout).toMatch(/^REVISION\s+PACK\s+OUTCOME\s+REASON\s+AGE/m)
    expect(table.stdout).toMatch(/RollbackRequested/)
  })
})
