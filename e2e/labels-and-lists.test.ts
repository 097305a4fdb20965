/**
 * Lists as a kubectl user reads them, through the real CLI against a real server and a real node:
 * labels on pods and services (a service's pods get its labels plus stark.io/service), `-l` with
 * the selector grammar, the current namespace or `-A`, `-o name`, `-o wide`, headers into a pipe
 * and `--no-headers`, and `labelSelector` on the REST lists with a 400 for a bad selector.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Proc } from './harness/processes'
import { until } from './harness/processes'
import { savedAccessToken, stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

const home = tempHome()
let server: StarkServer
let agent: Proc | undefined

const cli = (...args: string[]) => stark(home.path, server.url, args)
async function ok(...args: string[]) {
  const r = await cli(...args)
  expect(r.code, `stark ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
  return r
}
const lines = (text: string) => text.split('\n').filter(Boolean)
const names = async (...args: string[]) => lines((await ok(...args, '-o', 'name')).stdout).sort()

beforeAll(async () => {
  server = await startServer({ home: home.path })
  await ok('auth', 'setup', '--email', 'admin@example.com', '--password', 'labels-test-password-1')
  writeFileSync(
    join(home.path, 'app.js'),
    'export default async (ctx) => { await new Promise((r) => ctx.signal.addEventListener("abort", r)) }\n',
  )
  await ok('pack', 'register', join(home.path, 'app.js'), '--name', 'app', '--version', '1.0.0', '--runtime', 'node')
  agent = await startAgent(home.path, server.url, 'n1', ['--label', 'zone=a', '--label', 'disk=ssd'])
  await ok('namespace', 'create', 'team-b')
  await ok('pod', 'create', 'app@1.0.0', '--name', 'front', '--label', 'app=web', '--label', 'tier=front')
  await ok('pod', 'create', 'app@1.0.0', '--name', 'back', '--label', 'app=web', '--label', 'tier=back')
  await ok('pod', 'create', 'app@1.0.0', '--name', 'bare')
  await ok('pod', 'create', 'default/app@1.0.0', '--name', 'other', '-n', 'team-b', '--label', 'app=web')
  await ok('service', 'create', 'web', '--pack', 'app@1.0.0', '--replicas', '2', '--label', 'tier=svc')
}, 120_000)
afterAll(async () => {
  await agent?.stop()
  await server?.stop()
  home.remove()
})

describe('labels, selectors, namespaces and output of the lists', () => {
  it('keeps the labels given on create and gives a service’s pods its labels plus stark.io/service', async () => {
    const front = (await ok('pod', 'status', 'front', '-o', 'json')).json<{ labels: Record<string, string> }>()
    expect(front.labels).toEqual({ app: 'web', tier: 'front' })
    const service = (await ok('service', 'list', '-o', 'json')).json<{ name: string; labels: Record<string, string> }[]>()
    expect(service.map((s) => [s.name, s.labels])).toEqual([['web', { tier: 'svc' }]])
    const servicePods = await until(
      async () => {
        const pods = (await ok('pod', 'list', '-l', 'stark.io/service=web', '-o', 'json')).json<
          { labels: Record<string, string> }[]
        >()
        return pods.length === 2 ? pods : undefined
      },
      { what: 'the service’s two pods', timeoutMs: 30_000 },
    )
    for (const p of servicePods) expect(p.labels).toEqual({ tier: 'svc', 'stark.io/service': 'web' })
  })

  it('selects with =, !=, in, notin, k and !k (comma = and)', async () => {
    expect(await names('pod', 'list', '-l', 'app=web')).toEqual(['pod/back', 'pod/front'])
    expect(await names('pod', 'list', '-l', 'app=web,tier!=back')).toEqual(['pod/front'])
    expect(await names('pod', 'list', '-l', 'tier in (front,back)')).toEqual(['pod/back', 'pod/front'])
    const notWeb = await names('pod', 'list', '-l', 'app notin (web),!stark.io/service')
    expect(notWeb).toEqual(['pod/bare'])
    expect(await names('pod', 'list', '-l', '!app,!tier')).toEqual(['pod/bare'])
    expect(await names('service', 'list', '-l', 'tier')).toEqual(['service/web'])
    expect(await names('node', 'list', '-l', 'zone in (a,b),disk')).toEqual(['node/n1'])
    expect(await names('node', 'list', '-l', '!zone')).toEqual([])
  })

  it('refuses a bad selector before asking the server (exit 2)', async () => {
    const r = await cli('pod', 'list', '-l', 'tier in (a')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/-l\/--selector: .*"\(" without "\)"/)
  })

  it('lists the current namespace, and every namespace with -A (with a NAMESPACE column)', async () => {
    expect(await names('pod', 'list', '-l', 'app=web')).not.toContain('pod/other')
    expect(await names('pod', 'list', '-n', 'team-b')).toEqual(['pod/other'])
    expect(await names('pod', 'list', '-A', '-l', 'app=web')).toEqual(['pod/back', 'pod/front', 'pod/other'])
    const table = lines((await ok('pod', 'list', '-A', '-l', 'app=web')).stdout)
    expect(table[0]).toMatch(/^NAMESPACE +NAME +STATUS +NODE +PACK +RESTARTS +AGE$/)
    expect(table.slice(1).map((l) => l.split(/ +/).slice(0, 2).join('/'))).toEqual([
      'default/back',
      'default/front',
      'team-b/other',
    ])
    const here = lines((await ok('pod', 'list')).stdout)
    expect(here[0]).toMatch(/^NAME +STATUS +NODE/)
  })

  it('prints headers into a pipe, drops them with --no-headers, and adds columns with -o wide', async () => {
    const piped = lines((await ok('node', 'list')).stdout)
    expect(piped[0]).toMatch(/^NAME +RUNTIME +STATUS +CPU +MEMORY +PODS +AGE$/)
    expect(piped[1]).toMatch(/^n1 +node +Ready/)
    const bare = lines((await ok('node', 'list', '--no-headers')).stdout)
    expect(bare).toHaveLength(1)
    expect(bare[0]).toMatch(/^n1 +node +Ready/)
    const wide = lines((await ok('node', 'list', '-o', 'wide')).stdout)
    expect(wide[0]).toMatch(/ TAINTS +LABELS$/)
    expect(wide[1]).toMatch(/disk=ssd,zone=a|zone=a,disk=ssd/)
    const pods = lines((await ok('pod', 'list', '-o', 'wide', '-l', 'tier=front')).stdout)
    expect(pods[0]).toMatch(/ SERVICE +PRIORITY +LABELS$/)
    expect(pods[1]).toMatch(/^front .* app=web,tier=front$/)
    const empty = await ok('pod', 'list', '-l', 'app=none')
    expect(empty.stdout).toBe('')
    expect(empty.stderr).toMatch(/no pods in namespace default/)
  })

  it('filters the REST lists with labelSelector, and answers a bad one with a 400 problem', async () => {
    const token = savedAccessToken(home.path, server.url)
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    const r = await get(`/api/pods?labelSelector=${encodeURIComponent('app=web,tier notin (back)')}&namespace=default`)
    expect(r.status).toBe(200)
    expect(((await r.json()) as { items: { name: string }[] }).items.map((p) => p.name)).toEqual(['front'])
    const bad = await get(`/api/pods?labelSelector=${encodeURIComponent('tier in (a')}`)
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const problem = (await bad.json()) as { detail: string; errors: { pointer: string }[] }
    expect(problem.detail).toMatch(/labelSelector: selector: "\(" without "\)"/)
    expect(problem.errors[0]?.pointer).toBe('/query/labelSelector')
  })
})
