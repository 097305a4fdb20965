/**
 * A service's pod template rolled out from a file, from the outside: the built server, a real Node
 * agent, and `stark apply -f` of a Service whose env is edited. diff shows the change, apply
 * configures it and the pods are replaced by pods with the new env (their spec and what the pack
 * prints say so), a second apply says unchanged, the history lists both templates, and
 * `stark service rollout undo` brings the old env back.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Proc, until } from './harness/processes'
import { type StarkServer, stark, startAgent, startServer, tempHome } from './harness/stark'

const PACK = `
export default async function main(ctx) {
  console.log('mode ' + ctx.env.MODE)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`

interface PodView {
  name: string
  status: string
  env: Record<string, string>
  deletedAt: string | null
}

const home = tempHome()
let server: StarkServer
let agent: Proc | undefined
const cli = (...args: string[]) => stark(home.path, server.url, args)
const dir = join(home.path, 'template')

function describeService(mode: string) {
  writeFileSync(
    join(dir, 'web.json'),
    JSON.stringify([
      { kind: 'Pack', metadata: { name: 'moder' }, version: '1.0.0', bundle: './moder.js', runtime: 'node' },
      {
        kind: 'Service',
        metadata: { name: 'web' },
        pack: 'moder@1.0.0',
        replicas: 2,
        minReadySeconds: 0,
        env: { MODE: mode },
      },
    ]),
  )
}

/** The service's live pods' MODE, once they all run and none is stopping (sorted). */
async function runningModes(): Promise<string[] | undefined> {
  const r = await cli('pod', 'list', '-l', 'stark.io/service=web', '-o', 'json')
  if (r.code !== 0) return undefined
  // Pods replaced by the rollout are listed until they are gone: only the live ones count.
  const pods = (r.json() as PodView[]).filter((p) => p.deletedAt === null)
  if (pods.length !== 2 || pods.some((p) => p.status !== 'Running')) return undefined
  return pods.map((p) => p.env.MODE!).sort()
}

const waitForModes = (mode: string) =>
  until(async () => ((await runningModes())?.every((m) => m === mode) ? true : undefined), {
    what: `both pods running with MODE=${mode}`,
    timeoutMs: 60_000,
  })

beforeAll(async () => {
  server = await startServer({ home: home.path })
  expect((await cli('auth', 'setup', '--email', 'admin@example.com', '--password', 'template-e2e-password-1')).code).toBe(0)
  agent = await startAgent(home.path, server.url, 'worker-1')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'moder.js'), PACK)
})
afterAll(async () => {
  await agent?.stop()
  await server?.stop()
  home.remove()
})

describe('stark apply of an edited pod template', () => {
  it('creates the service and its pods with the env of the file', async () => {
    describeService('one')
    const r = await cli('apply', '-f', dir)
    expect(r.code, r.stderr).toBe(0)
    await waitForModes('one')
    const done = await cli('service', 'rollout', 'status', 'web', '--timeout', '1m')
    expect(done.code, done.stderr).toBe(0)
  })

  it('diff shows the env change; apply configures it and the pods roll to the new env', async () => {
    describeService('two')
    const diff = await cli('diff', '-f', dir)
    expect(diff.code).toBe(1)
    expect(diff.stdout).toMatch(/service\/web[\s\S]*\/env:[\s\S]*"MODE":"one"[\s\S]*"MODE":"two"/)
    const applied = await cli('apply', '-f', dir)
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stdout).toContain('service/web configured')
    const status = await cli('service', 'rollout', 'status', 'web', '--timeout', '1m')
    expect(status.code, status.stderr).toBe(0)
    await waitForModes('two')
    // What the pack printed: the new pods run with the new env.
    const pods = ((await cli('pod', 'list', '-l', 'stark.io/service=web', '-o', 'json')).json() as PodView[]).filter(
      (p) => p.deletedAt === null,
    )
    const logs = await until(
      async () => {
        const r = await cli('pod', 'logs', pods[0]!.name)
        return r.stdout.includes('mode two') ? r.stdout : undefined
      },
      { what: 'the new pod to print its mode', timeoutMs: 30_000 },
    )
    expect(logs).toContain('mode two')
  })

  it('a second apply says unchanged and diff exits 0', async () => {
    const again = await cli('apply', '-f', dir)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('service/web unchanged')
    expect((await cli('diff', '-f', dir)).code).toBe(0)
  })

  it('the history lists both templates; undo brings the old env back', async () => {
    const history = (await cli('service', 'rollout', 'history', 'web', '-o', 'json')).json() as {
      revision: number
      templateHash: string
      template: { env: Record<string, string> }
      current: boolean
    }[]
    expect(history.map((h) => [h.revision, h.template.env.MODE, h.current])).toEqual([
      [2, 'two', true],
      [1, 'one', false],
    ])
    expect(history[0]!.templateHash).not.toBe(history[1]!.templateHash)
    const undo = await cli('service', 'rollout', 'undo', 'web')
    expect(undo.code, undo.stderr).toBe(0)
    await waitForModes('one')
    const status = await cli('service', 'rollout', 'status', 'web', '--timeout', '1m', '-o', 'json')
    expect(status.code, status.stderr).toBe(0)
    expect(status.json().template.env).toEqual({ MODE: 'one' })
    // The file now differs from the service again: apply would roll it forward.
    expect((await cli('diff', '-f', dir)).code).toBe(1)
  })
})
