/**
 * The operator's commands against a real server (in-process, PGlite) with one node connected over
 * the real WebSocket: events (list, filters, follow), status, config, per-pod and per-node usage,
 * logs --previous, completion. Every command runs through `execute` with `-o json` where it prints data.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, startServer, type RunningServer } from '@stark/server/testing'
import { openTestPglite } from '@stark/server/testing'
import { ExitCode } from './lib/errors'
import { execute } from './lib/run'
import { root } from './root'
import { cliRunner } from './testing/cli-runner'
import { testContext, type TestContext } from './testing/test-context'

const EMAIL = 'ops@example.com'
const PASSWORD = 'correct horse battery'

let server: RunningServer
let ctx: TestContext
let agent: WebSocket
let nodeId: string

const runner = cliRunner(() => ctx)
async function stark(...argv: string[]) {
  const r = await runner.stark(...argv)
  return { ...r, json: () => JSON.parse(r.out) }
}

/** A node agent reduced to what these tests need: register, answer assignments Running, report usage. */
async function connectAgent(
  token: string,
): Promise<{ ws: WebSocket; nodeId: string; assigned: { podId: string; incarnation: number }[] }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
  const assigned: { podId: string; incarnation: number }[] = []
  const registered = new Promise<string>((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString())
      if (m.type === 'node:registered') resolve(m.payload.nodeId)
      if (m.type === 'pod:assign') {
        assigned.push({ podId: m.payload.pod.podId, incarnation: m.payload.pod.incarnation })
        ws.send(
          JSON.stringify({
            type: 'pod:status',
            payload: { podId: m.payload.pod.podId, incarnation: m.payload.pod.incarnation, status: 'Running' },
          }),
        )
      }
      if (m.type === 'pod:stop')
        ws.send(
          JSON.stringify({
            type: 'pod:status',
            payload: { podId: m.payload.podId, incarnation: m.payload.incarnation, status: 'Stopped' },
          }),
        )
    })
    ws.once('error', reject)
  })
  await new Promise((resolve) => ws.once('open', resolve))
  ws.send(
    JSON.stringify({
      type: 'node:register',
      payload: { protocol: 1, name: 'box', runtime: 'node', allocatable: { cpu: 2000, memory: 2048, pods: 10 } },
    }),
  )
  return { ws, nodeId: await registered, assigned }
}

const until = async <T>(fn: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> => {
  for (let i = 0; i < 200; i++) {
    const v = await fn()
    if (v) return v
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

let assigned: { podId: string; incarnation: number }[]

beforeAll(async () => {
  server = await startServer({
    config: { ...defaultConfig({}), port: 0, logLevel: 'silent', logPretty: false },
    db: await openTestPglite(),
  })
  ctx = testContext({ env: { STARK_API_URL: server.url } })
  expect((await stark('auth', 'setup', '--email', EMAIL, '--password', PASSWORD)).code).toBe(0)
  const session = JSON.parse((await import('node:fs')).readFileSync(join(ctx.home, 'credentials.json'), 'utf8'))[server.url]
  const a = await connectAgent(session.accessToken)
  agent = a.ws
  nodeId = a.nodeId
  assigned = a.assigned
  writeFileSync(join(ctx.home, 'hello.js'), 'export default async function main(ctx) { console.log("hi") }\n')
  expect((await stark('pack', 'bundle', 'hello.js', '--out', 'hello.bundle.js')).code).toBe(0)
  expect((await stark('pack', 'register', 'hello.bundle.js', '--name', 'hello', '--version', '1.0.0')).code).toBe(0)
})
afterAll(async () => {
  agent?.close()
  await server?.close()
  ctx?.cleanup()
})

describe('stark events', () => {
  it('lists what happened, with the request id of the call that caused it', async () => {
    const created = await stark('pod', 'create', 'hello', '--name', 'web-1', '-o', 'json')
    expect(created.code, created.err).toBe(0)
    const events = await until(async () => {
      const list = (await stark('events', '--for', 'pod/web-1', '-o', 'json')).json() as any[]
      return list.some((e) => e.type === 'PodRunning') ? list : undefined
    }, 'web-1 to run')
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['PodCreated', 'PodScheduled', 'PodRunning']))
    const createdEvent = events.find((e) => e.type === 'PodCreated')
    expect(createdEvent).toMatchObject({
      category: 'pod',
      severity: 'info',
      resourceType: 'pod',
      resourceName: 'web-1',
      namespace: 'default',
    })
    expect(createdEvent.correlationId).toMatch(/\S+/)
    expect(events.every((e) => e.resourceName === 'web-1')).toBe(true)
  })

  it('filters by category, severity and time; a bad filter is a usage error', async () => {
    const nodeEvents = (await stark('events', '--category', 'node', '-o', 'json')).json() as any[]
    expect(nodeEvents.every((e) => e.category === 'node')).toBe(true)
    // A node joining is an audit event.
    const auditEvents = (await stark('events', '--category', 'audit', '-o', 'json')).json() as any[]
    expect(auditEvents.map((e) => e.type)).toContain('NodeRegistered')
    expect(auditEvents.every((e) => e.category === 'audit')).toBe(true)
    expect((await stark('events', '--severity', 'error', '-o', 'json')).json()).toEqual([])
    expect((await stark('events', '--since', '1h', '--limit', '2', '-o', 'json')).json()).toHaveLength(2)
    expect((await stark('events', '--for', 'pod/', '-o', 'json')).code).toBe(ExitCode.usage)
    expect((await stark('events', '--since', 'yesterday')).code).toBe(ExitCode.usage)
    const table = await stark('events', '--for', 'pod/web-1', '-o', 'table')
    expect(table.out).toMatch(/^AGE +SEVERITY +TYPE +OBJECT +NAMESPACE +COUNT +MESSAGE$/m)
    expect(table.out).toMatch(/PodCreated +pod\/web-1 +default +1 /)
  })

  it('follows new events as pods are created, one JSON object per line, until Ctrl-C', async () => {
    const watcher = testContext({ env: { STARK_API_URL: server.url }, home: ctx.home })
    const following = execute(root, ['events', '-f', '--category', 'pod', '-o', 'json'], watcher)
    await new Promise((r) => setTimeout(r, 300))
    const before = watcher.out().split('\n').filter(Boolean).length
    expect((await stark('pod', 'create', 'hello', '--name', 'watched')).code).toBe(0)
    const lines = await until(() => {
      const parsed = watcher
        .out()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
      return parsed.some((e) => e.resourceName === 'watched' && e.type === 'PodCreated') ? parsed : undefined
    }, 'the followed PodCreated')
    expect(lines.length).toBeGreaterThan(before)
    expect(lines.every((e) => e.category === 'pod')).toBe(true)
    watcher.interrupt()
    expect(await following).toBe(0)
  })
})

describe('usage, status, logs', () => {
  it('pod status and node status show what the node reports the pod uses', async () => {
    const pod = (await stark('pod', 'status', 'web-1', '-o', 'json')).json()
    const run = assigned.find((a) => a.podId === pod.id)!
    agent.send(
      JSON.stringify({
        type: 'node:heartbeat',
        payload: {
          pods: [{ podId: pod.id, incarnation: run.incarnation, status: 'Running' }],
          usage: [{ podId: pod.id, incarnation: run.incarnation, cpu: 150, memory: 42 }],
        },
      }),
    )
    const withUsage = await until(async () => {
      const p = (await stark('pod', 'status', 'web-1', '-o', 'json')).json()
      return p.usage ? p : undefined
    }, 'usage on the pod')
    expect(withUsage.usage).toMatchObject({ cpu: 150, memory: 42 })
    const node = (await stark('node', 'status', nodeId, '-o', 'json')).json()
    expect(node.used).toMatchObject({ cpu: 150, memory: 42 })
    expect(node.allocatable).toMatchObject({ cpu: 2000, memory: 2048 })
    expect(node.allocated.cpu).toBeGreaterThan(0)
    const table = await stark('node', 'status', 'box', '-o', 'table')
    expect(table.out).toMatch(/^Used: +cpu 150m, memory 42MB by \d+ running pods? \(as the node reports\)$/m)
    expect((await stark('pod', 'status', 'web-1', '-o', 'table')).out).toMatch(/^Usage: +cpu 150m, memory 42MB/m)
  })

  it('stark status: server, database, nodes and pods by status, recent warnings', async () => {
    expect((await stark('pod', 'create', 'hello', '--name', 'too-big', '--cpu', '999999')).code).toBe(0)
    const status = await until(async () => {
      const s = (await stark('status', '-o', 'json')).json()
      return s.pods.unschedulable > 0 && s.warnings.length > 0 ? s : undefined
    }, 'an unschedulable pod in status')
    expect(status).toMatchObject({
      apiUrl: server.url,
      database: { status: 'ok' },
      nodes: { total: 1, byStatus: { Ready: 1, NotReady: 0, Offline: 0 } },
    })
    expect(status.server.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(status.pods.byStatus.Running).toBeGreaterThanOrEqual(1)
    expect(status.pods.byStatus.Pending).toBeGreaterThanOrEqual(1)
    expect(status.warnings.map((w: any) => w.type)).toContain('PodUnschedulable')
    const table = await stark('status', '-o', 'table')
    expect(table.out).toMatch(/^Database: +ok \(pglite, [\d.]+ ms\)$/m)
    expect(table.out).toMatch(/^Nodes: +1: 1 Ready$/m)
  })

  it('pod logs --previous of a pod that ran once is not found (exit 4); --previous does not go with -f', async () => {
    const r = await stark('pod', 'logs', 'web-1', '--previous')
    expect(r.code).toBe(ExitCode.notFound)
    expect(r.err).toMatch(/^error: a previous run of pod web-1 not found/)
    expect((await stark('pod', 'logs', 'web-1', '--previous', '-f')).code).toBe(ExitCode.usage)
    expect((await stark('pod', 'logs', 'web-1', '-o', 'json')).json()).toEqual([])
  })
})

describe('stark config and completion', () => {
  it('sets, reads and unsets defaults; commands use them; bad values are usage errors', async () => {
    const own = testContext({ env: { STARK_API_URL: server.url }, home: ctx.home })
    const run = cliRunner(() => own).stark
    expect((await run('config', 'set', 'output', 'json')).code).toBe(0)
    expect((await run('config', 'set', 'namespace', 'default')).code).toBe(0)
    expect((await run('config', 'get', 'output', '-o', 'plain')).out).toBe('json\n')
    expect(JSON.parse((await run('config', 'get', 'output')).out)).toEqual({ key: 'output', value: 'json' })
    const all = JSON.parse((await run('config', 'get')).out)
    expect(all).toMatchObject({
      output: 'json',
      namespace: 'default',
      'api-url': null,
      effective: { 'api-url': server.url, output: 'json', namespace: 'default' },
    })
    // No -o: the configured output applies.
    expect(Array.isArray(JSON.parse((await run('pod', 'list')).out))).toBe(true)
    expect((await run('config', 'set', 'output', 'yaml')).code).toBe(ExitCode.usage)
    expect((await run('config', 'set', 'api-url', 'ftp://x')).code).toBe(ExitCode.usage)
    expect((await run('config', 'set', 'colour', 'red')).code).toBe(ExitCode.usage)
    expect((await run('config', 'unset', 'output')).code).toBe(0)
    expect((await run('config', 'unset', 'namespace')).code).toBe(0)
    expect((await run('config', 'get', 'output', '-o', 'json')).out).toBe('{\n  "key": "output",\n  "value": null\n}\n')
  })

  it('prints a completion script', async () => {
    const r = await stark('completion', 'bash')
    expect(r.code).toBe(0)
    expect(r.out).toContain('complete -o default -F _stark stark')
    expect((await stark('completion', 'zsh')).out).toContain('bashcompinit')
    expect((await stark('completion', 'fish')).code).toBe(ExitCode.usage)
  })
})
