/**
 * `stark node update|cordon|uncordon`, `stark priorityclass …` and the placement flags of
 * `stark pod create` against a real server in-process (PGlite), with nodes joined over the real
 * WebSocket, through `execute` like the binary runs them.
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
const placedOn = (pod: string) =>
  vi.waitFor(
    async () => {
      const p = await json('pod', 'status', pod)
      expect(p.nodeName).toBeTruthy()
      return p.nodeName as string
    },
    { timeout: 10_000, interval: 50 },
  )
const diagnosis = (pod: string) =>
  vi.waitFor(
    async () => {
      const p = await json('pod', 'status', pod)
      expect(p.reason).toBe('Unschedulable')
      return p.message as string
    },
    { timeout: 10_000, interval: 50 },
  )

beforeAll(async () => {
  const config = { ...defaultConfig({}), host: '127.0.0.1', port: 0, logLevel: 'silent' as const, logPretty: false }
  server = await startServer({ config, db: await openTestPglite() })
  ctx = testContext({ env: { STARK_API_URL: server.url } })
  expect((await stark('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct horse battery')).code).toBe(0)
  writeFileSync(join(ctx.home, 'app.js'), 'export default async function main() {}\n')
  expect((await stark('pack', 'register', 'app.js', '--name', 'app', '--version', '1.0.0', '--runtime', 'node')).code).toBe(0)
  const token = readSession(ctx.home, server.url)!.accessToken
  agents = [
    await connectFakeAgent(server.url, token, { name: 'east', labels: { zone: 'east' } }),
    await connectFakeAgent(server.url, token, { name: 'west', labels: { zone: 'west', disk: 'ssd' } }),
  ]
})
afterAll(async () => {
  for (const a of agents) await a.close()
  await server?.close()
  ctx?.cleanup()
})

describe('stark node update, cordon, uncordon', () => {
  it('sets and removes labels and taints, and says what the node carries now', async () => {
    const r = await stark(
      'node',
      'update',
      'east',
      '--label',
      'tier=edge',
      '--label',
      'rack=r1',
      '--taint',
      'gpu=true:NoSchedule',
      '--taint',
      'spot=yes:PreferNoSchedule',
    )
    expect(r).toMatchObject({
      code: 0,
      out: 'node east updated: labels zone=east,tier=edge,rack=r1; taints gpu=true:NoSchedule,spot=yes:PreferNoSchedule\n',
    })
    const node = await json(
      'node',
      'update',
      'east',
      '--remove-label',
      'rack',
      '--remove-taint',
      'spot',
      '--remove-taint',
      'gpu:NoSchedule',
    )
    expect(node).toMatchObject({ name: 'east', labels: { zone: 'east', tier: 'edge' }, taints: [] })
    expect((await stark('node', 'status', 'east', '-o', 'table')).out).toMatch(/^Labels: +zone=east,tier=edge$/m)
  })

  it('refuses nothing to change and bad taints; admins toggle trust', async () => {
    expect(await stark('node', 'update', 'east')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/nothing to change/),
    })
    expect(await stark('node', 'update', 'east', '--taint', 'gpu=true:Sometimes')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/effect must be one of/),
    })
    expect(await stark('node', 'update', 'east', '--remove-taint', 'gpu:Never')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/effect must be one of/),
    })
    expect(await stark('node', 'update', 'east', '--trusted', '--untrusted')).toMatchObject({ code: ExitCode.usage })
    expect(await stark('node', 'update', 'nowhere', '--label', 'a=b')).toMatchObject({ code: ExitCode.notFound })
    expect((await json('node', 'update', 'east', '--trusted')).trusted).toBe(true)
    expect((await json('node', 'update', 'east', '--untrusted')).trusted).toBe(false)
  })

  it('cordon keeps new pods away until uncordon', async () => {
    expect((await stark('node', 'cordon', 'west')).out).toBe('node west cordoned: it keeps its pods and takes no new ones\n')
    expect((await stark('node', 'list', '-o', 'table')).out).toMatch(/^west +node +Ready,SchedulingDisabled/m)
    await stark('pod', 'create', 'app', '--name', 'west-only', '--selector', 'zone=west')
    expect(await diagnosis('west-only')).toBe(
      "0/2 nodes available: 1 node(s) cordoned, 1 node(s) didn't match pod's node selector.",
    )
    expect((await stark('node', 'uncordon', 'west')).out).toBe('node west uncordoned: it takes new pods again\n')
    expect(await placedOn('west-only')).toBe('west')
  })
})

describe('stark scheduler', () => {
  it('get shows the profile; set switches it (admins), with weights; bad input is a usage error', async () => {
    expect(await json('scheduler', 'get')).toMatchObject({ name: 'spread', byConfig: false, overrides: {} })
    expect((await stark('scheduler', 'get', '-o', 'table')).out).toMatch(/^Profile: +spread$/m)
    expect(await stark('scheduler', 'set', 'tetris')).toMatchObject({ code: ExitCode.usage })
    expect(await stark('scheduler', 'set', 'binpack', '--weight', 'NodeAffinity')).toMatchObject({ code: ExitCode.usage })
    expect((await stark('scheduler', 'set', 'binpack', '--weight', 'Nope=1')).err).toMatch(/unknown plugin "Nope"/)
    const set = await stark('scheduler', 'set', 'binpack', '--weight', 'NodeAffinity=5')
    expect(set.out).toBe('scheduler profile set to binpack (NodeAffinity=5, TaintToleration=3, MostAllocated=1)\n')
    expect(await json('scheduler', 'get')).toMatchObject({ name: 'binpack', overrides: { NodeAffinity: 5 } })
    expect((await json('scheduler', 'set', 'spread')).name).toBe('spread')
  })
})

describe('stark priorityclass and the pod placement flags', () => {
  it('create, list, delete', async () => {
    expect((await stark('priorityclass', 'create', 'critical', '--value', '900', '--description', 'wakes people up')).out).toBe(
      'priority class critical created (value 900)\n',
    )
    expect((await stark('pc', 'create', 'batch', '--value', '10')).code).toBe(0)
    expect((await json('priorityclass', 'list')).map((p: { name: string; value: number }) => [p.name, p.value])).toEqual([
      ['batch', 10],
      ['critical', 900],
    ])
    expect((await stark('priorityclass', 'list', '-o', 'table')).out).toMatch(
      /^NAME +VALUE +AGE +DESCRIPTION\nbatch +10 +\d+s\ncritical +900 +\d+s +wakes people up$/m,
    )
    expect(await stark('priorityclass', 'create', 'loud', '--value', '2000')).toMatchObject({ code: ExitCode.usage })
    expect(await stark('priorityclass', 'create', 'critical', '--value', '1')).toMatchObject({
      code: ExitCode.failure,
      err: 'error: priority class critical already exists\n',
    })
    expect((await stark('priorityclass', 'delete', 'batch')).out).toBe('priority class batch deleted\n')
    expect(await stark('priorityclass', 'delete', 'batch')).toMatchObject({ code: ExitCode.notFound })
  })

  it('--priority-class and --affinity place the pod and show in pod status', async () => {
    const created = await json(
      'pod',
      'create',
      'app',
      '--name',
      'vip',
      '--priority-class',
      'critical',
      '--affinity',
      'zone In east,west',
      '--affinity',
      '80:disk In ssd',
    )
    expect(created).toMatchObject({
      priority: 900,
      priorityClass: 'critical',
      affinity: {
        required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['east', 'west'] }] }],
        preferred: [{ weight: 80, matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
      },
    })
    expect(await placedOn('vip')).toBe('west')
    const status = (await stark('pod', 'status', 'vip', '-o', 'table')).out
    expect(status).toMatch(/^Priority: +900 \(class critical\)$/m)
    expect(status).toMatch(/^Affinity: +zone In east,west; prefers 80: disk In ssd$/m)

    await stark('pod', 'create', 'app', '--name', 'not-east', '--affinity', 'zone NotIn west')
    expect(await placedOn('not-east')).toBe('east')
    await stark('pod', 'create', 'app', '--name', 'no-gpu', '--affinity', 'gpu Exists')
    expect(await diagnosis('no-gpu')).toBe("0/2 nodes available: 2 node(s) didn't match pod's node affinity.")
  })

  it('--affinity-file takes ORed terms; bad flags are usage errors', async () => {
    const file = join(ctx.home, 'affinity.json')
    writeFileSync(
      file,
      JSON.stringify({
        required: [
          { matchExpressions: [{ key: 'zone', operator: 'In', values: ['north'] }] },
          { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
        ],
      }),
    )
    await stark('pod', 'create', 'app', '--name', 'or-terms', '--affinity-file', 'affinity.json')
    expect(await placedOn('or-terms')).toBe('east')
    writeFileSync(file, JSON.stringify({ required: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] }))
    expect(await stark('pod', 'create', 'app', '--affinity-file', 'affinity.json')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/In needs values/),
    })
    expect(await stark('pod', 'create', 'app', '--affinity', 'zone Near a')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/--affinity: .*operator must be one of/),
    })
    expect(await stark('pod', 'create', 'app', '--priority', '5', '--priority-class', 'critical')).toMatchObject({
      code: ExitCode.usage,
    })
    expect(await stark('pod', 'create', 'app', '--priority-class', 'nope')).toMatchObject({
      code: ExitCode.usage,
      err: expect.stringMatching(/priority class nope does not exist/),
    })
  })
})
