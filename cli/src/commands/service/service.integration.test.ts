/**
 * `stark service …` and `stark pod rollback` against a real server in-process (PGlite), with
 * nodes joined over the real WebSocket, through `execute` like the binary runs them.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultConfig, startServer, type RunningServer } from '@stark/server/testing'
import { openTestPglite } from '@stark/server/testing'
import { connectFakeAgent, type FakeAgent } from '@stark/server/testing'
import { readSession } from '../../lib/credentials'
import { ExitCode } from '../../lib/errors'
import { cliRunner } from '../../testing/cli-runner'
import { testContext, type TestContext } from '../../testing/test-context'

let server: RunningServer
let ctx: TestContext
let agents: FakeAgent[] = []

const { stark, json } = cliRunner(() => ctx)

beforeAll(async () => {
  const config = { ...defaultConfig({}), host: '127.0.0.1', port: 0, logLevel: 'silent' as const, logPretty: false }
  server = await startServer({ config, db: await openTestPglite() })
  ctx = testContext({ env: { STARK_API_URL: server.url } })
  expect((await stark('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct horse battery')).code).toBe(0)
  for (const v of ['1.0.0', '2.0.0']) {
    writeFileSync(join(ctx.home, `web-${v}.js`), `export default async function main(ctx) { console.log('v${v}') }\n`)
    expect((await stark('pack', 'register', `web-${v}.js`, '--name', 'web', '--version', v)).code).toBe(0)
  }
  const token = readSession(ctx.home, server.url)!.accessToken
  agents = [
    await connectFakeAgent(server.url, token, { name: 'a', labels: { zone: 'x' } }),
    await connectFakeAgent(server.url, token, { name: 'b' }),
  ]
})
afterAll(async () => {
  for (const a of agents) await a.close()
  await server?.close()
  ctx?.cleanup()
})

describe('stark service', () => {
  it('create, list, status --wait, scale, update, pause, resume, delete', async () => {
    const created = await stark(
      'service',
      'create',
      'web',
      '--pack',
      'web@1.0.0',
      '--replicas',
      '2',
      '--min-ready-seconds',
      '0',
      '--selector',
      'zone=x',
      '--env',
      'A=b',
    )
    expect(created).toMatchObject({ code: 0, out: 'service web created: 2 pod(s) of web@1.0.0\n' })
    const ready = await json('service', 'status', 'web', '--wait', '--timeout', '20')
    expect(ready).toMatchObject({
      name: 'web',
      counts: { desired: 2, available: 2 },
      template: { selector: { zone: 'x' }, env: { A: 'b' } },
    })
    expect(ready.pods.map((p: { nodeName: string }) => p.nodeName)).toEqual(['a', 'a'])
    const table = await stark('service', 'status', 'web', '-o', 'table')
    expect(table.out).toMatch(/^Pods: +desired 2, current 2, ready 2, up-to-date 2, available 2$/m)
    expect(table.out).toMatch(/^Pod web-[a-z0-9]{5}: +Running on a, web@1\.0\.0|^Pod web-[a-z0-9]{5}: +Running on a, 1\.0\.0/m)
    expect(table.out).toMatch(/^Event .*ServiceCreated/m)
    expect((await json('service', 'list')).map((s: { name: string }) => s.name)).toEqual(['web'])
    expect((await stark('service', 'list', '-o', 'table')).out).toMatch(
      /^NAME +MODE +PACK +DESIRED +READY +UP-TO-DATE +AVAILABLE +STATE +AGE$/m,
    )

    expect((await stark('service', 'scale', 'web', '--replicas', '3')).out).toBe('service web scaled to 3 pod(s)\n')
    expect((await json('service', 'status', 'web', '--wait', '--timeout', '20')).counts.available).toBe(3)
    const update = await stark('service', 'update', 'web', '--pack', 'web@2.0.0')
    expect(update.out).toMatch(/^service web: rolling out web@2\.0\.0 \(from web@1\.0\.0\)/)
    const rolled = await json('service', 'status', 'web', '--wait', '--timeout', '30')
    expect(rolled).toMatchObject({ pack: { version: '2.0.0' }, healthyVersion: { version: '2.0.0' }, rollout: null })
    expect(rolled.pods.filter((p: { deleting: boolean }) => !p.deleting).map((p: { version: string }) => p.version)).toEqual([
      '2.0.0',
      '2.0.0',
      '2.0.0',
    ])

    expect((await stark('service', 'pause', 'web')).out).toBe('service web paused\n')
    expect((await stark('service', 'scale', 'web', '--replicas', '1')).out).toBe(
      'service web scaled to 1 pod(s) (paused: applies on resume)\n',
    )
    expect((await stark('service', 'resume', 'web')).out).toBe('service web resumed\n')
    await vi.waitFor(async () => expect((await json('service', 'status', 'web')).counts.current).toBe(1), {
      timeout: 10_000,
      interval: 100,
    })

    // At least the one pod left running (pods scaled away may still be stopping too).
    expect((await stark('service', 'delete', 'web')).out).toMatch(/^service web deleting: [1-9]\d* pod\(s\) stopping/)
    await vi.waitFor(async () => expect((await stark('service', 'status', 'web')).code).toBe(ExitCode.notFound), {
      timeout: 10_000,
      interval: 100,
    })
    const left = (await json('pod', 'list')).filter((p: { service: string | null }) => p.service === 'web')
    expect(left).toEqual([])
  })

  it('DaemonSet mode with --daemonset and with --replicas 0', async () => {
    expect((await stark('service', 'create', 'edge', '--pack', 'web', '--daemonset')).out).toBe(
      'service edge created: one pod on every matching node of web@2.0.0\n',
    )
    expect((await stark('service', 'create', 'zone', '--pack', 'web', '--replicas', '0', '--selector', 'zone=x')).code).toBe(0)
    const edge = await json('service', 'status', 'edge', '--wait', '--timeout', '20')
    expect(edge).toMatchObject({ mode: 'daemonset', counts: { desired: 2 } })
    expect(edge.pods.map((p: { nodeName: string }) => p.nodeName).sort()).toEqual(['a', 'b'])
    expect(
      (await json('service', 'status', 'zone', '--wait', '--timeout', '20')).pods.map((p: { nodeName: string }) => p.nodeName),
    ).toEqual(['a'])
    const scale = await stark('service', 'scale', 'edge', '--replicas', '3')
    expect(scale.code).toBe(ExitCode.usage)
    expect(scale.err).toMatch(/DaemonSet/)
    for (const name of ['edge', 'zone']) expect((await stark('service', 'delete', name)).code).toBe(0)
  })

  it('update --label merges into the labels (k- removes one) and relabels the pods', async () => {
    expect(
      (await stark('service', 'create', 'tagged', '--pack', 'web', '--replicas', '1', '--label', 'a=1', '--label', 'b=2')).code,
    ).toBe(0)
    const updated = await json('service', 'update', 'tagged', '--label', 'c=3', '--label', 'a=9', '--label', 'b-')
    expect(updated.labels).toEqual({ a: '9', c: '3' })
    await vi.waitFor(
      async () => {
        const pods = (await json('pod', 'list', '-l', 'stark.io/service=tagged')) as { labels: Record<string, string> }[]
        expect(pods.map((p) => p.labels)).toEqual([{ a: '9', c: '3', 'stark.io/service': 'tagged' }])
      },
      { timeout: 10_000, interval: 100 },
    )
    // Removing a label it does not have changes nothing; a malformed key or both at once is a usage error.
    expect((await json('service', 'update', 'tagged', '--label', 'gone-')).labels).toEqual({ a: '9', c: '3' })
    expect((await stark('service', 'update', 'tagged', '--label', 'Bad Key-')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'update', 'tagged', '--label', 'a=1', '--label', 'a-')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'delete', 'tagged')).code).toBe(0)
  })

  it('usage errors and missing services', async () => {
    expect((await stark('service', 'create', 'x')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'create', 'x', '--pack', 'web', '--daemonset', '--replicas', '2')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'create', 'x', '--pack', 'web', '--replicas', 'many')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'update', 'web')).code).toBe(ExitCode.usage)
    expect((await stark('service', 'status', 'ghost')).code).toBe(ExitCode.notFound)
    expect((await stark('service', 'scale', 'ghost', '--replicas', '1')).code).toBe(ExitCode.notFound)
  })
})

describe('stark pod rollback', () => {
  it('runs the previous version on the same node as a new incarnation', async () => {
    expect((await stark('pod', 'create', 'web@2.0.0', '--name', 'solo', '--selector', 'zone=x')).code).toBe(0)
    await vi.waitFor(async () => expect((await json('pod', 'status', 'solo')).status).toBe('Running'), {
      timeout: 10_000,
      interval: 100,
    })
    const r = await stark('pod', 'rollback', 'solo')
    expect(r).toMatchObject({ code: 0, out: 'pod solo now runs web@1.0.0 (incarnation 2 on a)\n' })
    await vi.waitFor(() => expect(agents[0]!.assigned.some((a) => a.name === 'solo' && a.incarnation === 2)).toBe(true), {
      timeout: 5000,
      interval: 50,
    })
    expect((await stark('pod', 'rollback', 'solo')).code).toBe(ExitCode.failure)
  })

  it('a failed rollout makes status --wait exit 1 with the reason; rollback and rollout history|undo on request', async () => {
    writeFileSync(join(ctx.home, 'api-3.0.0.js'), 'export default async function main() {}\n')
    for (const v of ['1.0.0', '2.0.0', '3.0.0'])
      expect((await stark('pack', 'register', 'api-3.0.0.js', '--name', 'api', '--version', v)).code).toBe(0)
    const token = readSession(ctx.home, server.url)!.accessToken
    // Node c runs version 3.0.0 into the ground; the service is placed there only.
    const c = await connectFakeAgent(server.url, token, { name: 'c', labels: { role: 'api' }, failVersions: ['3.0.0'] })
    agents.push(c)
    expect(
      (
        await stark(
          'service',
          'create',
          'api',
          '--pack',
          'api@1.0.0',
          '--replicas',
          '1',
          '--min-ready-seconds',
          '0',
          '--selector',
          'role=api',
        )
      ).code,
    ).toBe(0)
    expect((await stark('service', 'rollout', 'status', 'api', '--timeout', '20')).code).toBe(0)
    expect((await stark('service', 'update', 'api', '--pack', 'api@2.0.0')).code).toBe(0)
    expect((await json('service', 'status', 'api', '--wait', '--timeout', '20')).pack.version).toBe('2.0.0')

    // On request: back to 1.0.0, then undo goes back to 2.0.0 (the version before the current one).
    expect((await stark('service', 'rollback', 'api')).out).toMatch(/^service api: rolling back to api@1\.0\.0/)
    expect((await json('service', 'rollout', 'status', 'api', '--timeout', '20')).pack.version).toBe('1.0.0')
    const history = await json('service', 'rollout', 'history', 'api')
    expect(history.map((r: { pack: { version: string }; reason: string }) => `${r.pack.version} ${r.reason}`)).toEqual([
      '1.0.0 RollbackRequested',
      '2.0.0 Updated',
      '1.0.0 Created',
    ])
    expect((await stark('service', 'rollout', 'history', 'api', '-o', 'table')).out).toMatch(
      /^REVISION +PACK +OUTCOME +REASON +AGE +TEMPLATE\n3 \(current\) +api@1\.0\.0 +Complete +RollbackRequested +\S+ +[0-9a-f]{8}/,
    )
    expect((await stark('service', 'rollout', 'undo', 'api')).code).toBe(0)
    expect((await json('service', 'status', 'api', '--wait', '--timeout', '20')).pack.version).toBe('2.0.0')

    // A broken release: rolled back automatically after repeated failures; --wait says so and exits 1.
    expect((await stark('service', 'update', 'api', '--pack', 'api@3.0.0')).code).toBe(0)
    const failed = await stark('service', 'status', 'api', '--wait', '--timeout', '60')
    expect(failed.code).toBe(1)
    expect(failed.err).toMatch(
      /service api: rollout failed and was rolled back: rolled back from api@3\.0\.0 to api@2\.0\.0: the new version failed 3 times in a row/,
    )
    expect((await stark('service', 'rollout', 'status', 'api', '--timeout', '20')).code).toBe(1)
    expect((await json('service', 'status', 'api')).pack.version).toBe('2.0.0')

    // Nothing earlier than the first version of a new service: 409 with a reason.
    expect(
      (await stark('service', 'create', 'solo', '--pack', 'api@1.0.0', '--replicas', '0', '--selector', 'role=none')).code,
    ).toBe(0)
    const none = await stark('service', 'rollback', 'solo')
    expect(none.code).not.toBe(0)
    expect(none.err).toMatch(/no earlier version to roll back to/)
  })
})
