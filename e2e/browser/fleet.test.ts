/**
 * `stark fleet start` as a user runs it: 10 headless Chromium pages join as browser nodes, a
 * Node.js agent joins too, and a `universal` workload spreads across both runtimes; `stark fleet
 * stop` takes the pages away and their nodes leave (Offline, reason Left) before it returns.
 *
 * The workload is a `universal` service of 16 replicas where the server has services, else 16
 * pods the scheduler spreads; either way both runtimes must get some.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAgent, stark, type CliResult } from '../harness/stark'
import { until, type Proc } from '../harness/processes'
import { browserAvailable, CHROMIUM_PATH } from './chromium'
import { ADMIN, startCluster, type TestCluster } from './cluster'

const available = browserAvailable()

const UNIVERSAL = `
export default async function main(ctx) {
  console.log('running on ' + ctx.runtime)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`

describe.skipIf(!available)('a headless browser fleet plus a Node agent', () => {
  let cluster: TestCluster
  let agent: Proc | undefined
  const env = { CHROMIUM_PATH }
  const cli = (args: string[]): Promise<CliResult> => stark(cluster.home.path, cluster.url, args, env)

  beforeAll(async () => {
    cluster = await startCluster()
    const login = await cli(['auth', 'login', '--email', ADMIN.email, '--password', ADMIN.password])
    expect(login.code, login.stderr).toBe(0)
  })
  afterAll(async () => {
    await cli(['fleet', 'stop']).catch(() => {})
    await agent?.stop()
    await cluster?.stop()
  })

  it('prints a join link with a QR code, or the link as JSON', async () => {
    const text = await cli(['node', 'token', 'create', '-o', 'table'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#join=\S+$/m)
    expect(text.stdout).toMatch(/[▀▄█]{10}/)
    const json = (await cli(['node', 'token', 'create', '--ttl', '600', '-o', 'json'])).json()
    expect(Object.keys(json).sort()).toEqual(['expiresAt', 'token', 'url'])
    expect(json.url).toBe(`${cluster.url}/#join=${json.token}`)
    expect(Date.parse(json.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000)
  })

  it('runs a universal workload across 10 browser pages and a Node.js process', async () => {
    const started = await cli(['fleet', 'start', '--count', '10', '--label', 'pool=e2e', '--prefix', 'web', '-o', 'json'])
    expect(started.code, started.stderr).toBe(0)
    const fleet = started.json()
    expect(fleet).toMatchObject({ count: 10, ready: true, names: expect.arrayContaining(['web-1', 'web-10']) })
    agent = await startAgent(cluster.home.path, cluster.url, 'node-1', ['--label', 'pool=e2e'])

    const nodes = (await cli(['node', 'list', '-o', 'json'])).json() as {
      name: string
      runtime: string
      status: string
      labels: Record<string, string>
    }[]
    const ready = nodes.filter((n) => n.status === 'Ready' && n.labels.pool === 'e2e')
    expect(ready.filter((n) => n.runtime === 'browser')).toHaveLength(10)
    expect(ready.filter((n) => n.runtime === 'node')).toHaveLength(1)

    await cluster.register('everywhere', UNIVERSAL, 'universal')
    const spec = { selector: { pool: 'e2e' }, resources: { cpu: 100, memory: 32 } }
    const asService = await fetch(`${cluster.url}/api/services`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.token}` },
      body: JSON.stringify({ name: 'everywhere', pack: 'everywhere', replicas: 16, ...spec }),
    })
    if (!asService.ok && asService.status !== 404)
      throw new Error(`POST /api/services: ${asService.status} ${await asService.text()}`)
    const names = Array.from({ length: 16 }, (_, i) => `everywhere-${i + 1}`)
    if (!asService.ok) for (const name of names) await cluster.createPod('everywhere', { name, ...spec })
    const mineOf = (p: { name: string; service?: string | null }) =>
      asService.ok ? p.service === 'everywhere' : names.includes(p.name)
    const pods = await until(
      async () => {
        const all = (await cluster.api('GET', '/api/pods')).items as {
          name: string
          status: string
          nodeName: string
          service: string | null
        }[]
        const mine = all.filter(mineOf)
        return mine.length === 16 && mine.every((p) => p.status === 'Running') ? mine : undefined
      },
      { timeoutMs: 60_000, what: '16 universal pods Running' },
    )
    const runtimes = new Set(pods.map((p) => nodes.find((n) => n.name === p.nodeName)?.runtime))
    expect([...runtimes].sort()).toEqual(['browser', 'node'])
    const onBrowser = pods.find((p) => p.nodeName.startsWith('web-'))!.name
    await until(
      async () =>
        (await cluster.api('GET', `/api/pods/${onBrowser}/logs`)).items.some(
          (l: { line: string }) => l.line === 'running on browser',
        ),
      {
        what: `the log of ${onBrowser}`,
      },
    )

    const stopped = await cli(['fleet', 'stop'])
    expect(stopped.code, stopped.stderr).toBe(0)
    // Each page leaves on purpose: Offline with reason Left (not a lost node), so no mass-outage guard.
    for (const name of fleet.names as string[]) {
      const node = await cluster.node(name)
      expect({ name, status: node.status, reason: node.reason }).toEqual({ name, status: 'Offline', reason: 'Left' })
    }
    expect((await cluster.node('node-1')).status).toBe('Ready')
  })
})
