/**
 * The operator's view from outside, with real processes: the built server, a real Node agent and
 * the `stark` binary. Events stream (WebSocket watch and `stark events -f`) while pods are created;
 * `stark pod logs -f` follows a pod through a crash and its restart; /metrics is scraped and its
 * series hold plausible values; the OpenAPI document from the running server validates; every
 * data-printing command's `-o json` parses; server and agent logs are structured JSON.
 */
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePrometheus, samplesOf, valueOf } from '@stark/server/testing'
import { HELLO, LONG_RUNNING, writePack } from './harness/packs'
import { start, until, type Proc } from './harness/processes'
import { stark, starkBin, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

const METRICS_TOKEN = 'metrics-secret-for-e2e'

/** First run: prints, then crashes; later runs keep printing until stopped. */
const CRASH_ONCE = `
export default async function main(ctx) {
  console.log('run ' + ctx.pod.incarnation + ' started')
  if (ctx.pod.incarnation === 1) {
    await new Promise((r) => setTimeout(r, 300))
    console.log('about to crash')
    throw new Error('boom')
  }
  const timer = setInterval(() => console.log('tick'), 200)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
}
`

const home = tempHome('stark-e2e-ops-')
let server: StarkServer
let agent: Proc
let token: string
const run = (...args: string[]) => stark(home.path, server.url, args)
const followers: Proc[] = []

/** A `stark` command that keeps running (a follower), with its own output. */
function follow(args: string[]): Proc {
  const p = start(process.execPath, [starkBin, ...args], {
    env: { STARK_HOME: home.path, STARK_API_URL: server.url, NO_COLOR: '1' },
    name: `stark ${args.join(' ')}`,
  })
  followers.push(p)
  return p
}

async function register(name: string, source: string, version = '1.0.0') {
  const entry = writePack(home.path, name, source)
  const out = join(home.path, `${name}.bundle.js`)
  expect((await run('pack', 'bundle', entry, '--out', out)).code).toBe(0)
  const reg = await run('pack', 'register', out, '--name', name, '--version', version, '--runtime', 'node')
  expect(reg.code, reg.stderr).toBe(0)
}

beforeAll(async () => {
  server = await startServer({
    home: home.path,
    env: { STARK_METRICS_TOKEN: METRICS_TOKEN, STARK_LOG_FORMAT: 'json', STARK_LOG_LEVEL: 'info' },
  })
  const setup = await run('auth', 'setup', '--email', 'ops@example.com', '--password', 'correct-horse-1', '-o', 'json')
  expect(setup.code, setup.stderr).toBe(0)
  token = JSON.parse((await import('node:fs')).readFileSync(join(home.path, 'credentials.json'), 'utf8'))[server.url].accessToken
  agent = await startAgent(home.path, server.url, 'n1', [], { STARK_LOG_FORMAT: 'json' })
  await register('hello', HELLO)
  await register('long', LONG_RUNNING)
  await register('crash-once', CRASH_ONCE)
})
afterAll(async () => {
  for (const f of followers) await f.stop()
  await agent?.stop()
  await server?.stop()
  home.remove()
})

describe('events', () => {
  it('stream over the WebSocket watch and `stark events -f` while pods are created', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
    const watched: any[] = []
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const subscribed = new Promise((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString())
        if (m.type === 'watch:subscribed') resolve(m)
        if (m.type === 'watch:event') watched.push(m.payload.event)
      }),
    )
    ws.send(JSON.stringify({ type: 'watch:subscribe', id: 'w1', payload: { topics: ['pod:*'], namespace: 'default' } }))
    await subscribed
    const cli = follow(['events', '-f', '--category', 'pod', '-o', 'json'])
    await new Promise((r) => setTimeout(r, 1000))

    const names = ['ev-a', 'ev-b', 'ev-c']
    for (const name of names) expect((await run('pod', 'create', 'hello', '--name', name)).code).toBe(0)
    for (const name of names) {
      await until(() => watched.some((e) => e.resourceName === name && e.type === 'PodSucceeded'), {
        what: `the WebSocket watch to see ${name} succeed`,
        timeoutMs: 60_000,
      })
      await cli.waitFor(new RegExp(`"type":"PodSucceeded"[^\\n]*"resourceName":"${name}"`), 30_000)
    }
    ws.close()
    const streamed = cli.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    for (const name of names) {
      const created = streamed.find((e) => e.resourceName === name && e.type === 'PodCreated')
      expect(created, name).toMatchObject({ category: 'pod', severity: 'info', namespace: 'default' })
      expect(created.correlationId).toMatch(/\S/)
    }
    expect(streamed.every((e) => e.category === 'pod')).toBe(true)
    // The WebSocket saw the whole life of each pod, in order.
    const lifeOfA = watched.filter((e) => e.resourceName === 'ev-a').map((e) => e.type)
    expect(lifeOfA.indexOf('PodCreated')).toBeLessThan(lifeOfA.indexOf('PodSucceeded'))
    // And the list agrees.
    const listed = (await run('events', '--for', 'pod/ev-b', '-o', 'json')).json<any[]>()
    expect(listed.map((e) => e.type)).toEqual(
      expect.arrayContaining(['PodCreated', 'PodScheduled', 'PodRunning', 'PodSucceeded']),
    )
  })
})

describe('events during a rollout', () => {
  it('stream over the WebSocket watch (service:web, pod:*) and `stark events -f --for service/web` while a service rolls out', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json()
    if (!('/api/services' in doc.paths))
      return void console.warn('[stark e2e] this server has no services: the rollout case is SKIPPED')
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
    const watched: any[] = []
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const subscribed = new Promise((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString())
        if (m.type === 'watch:subscribed') resolve(m)
        if (m.type === 'watch:event') watched.push(m.payload.event)
      }),
    )
    ws.send(JSON.stringify({ type: 'watch:subscribe', id: 'w2', payload: { topics: ['service:web', 'pod:*'] } }))
    await subscribed
    const cli = follow(['events', '-f', '--for', 'service/web', '-o', 'json'])
    await new Promise((r) => setTimeout(r, 1000))

    expect((await run('service', 'create', 'web', '--pack', 'long@1.0.0', '--replicas', '2')).code).toBe(0)
    expect((await run('service', 'status', 'web', '--wait', '--timeout', '90')).code).toBe(0)
    await register('long', LONG_RUNNING, '2.0.0')
    expect((await run('service', 'update', 'web', '--pack', 'long@2.0.0')).code).toBe(0)
    const done = await run('service', 'status', 'web', '--wait', '--timeout', '120', '-o', 'json')
    expect(done.code, done.stderr).toBe(0)
    expect(done.json().pack.version).toBe('2.0.0')
    await cli.waitFor(/"type":"RolloutComplete"/, 30_000)
    ws.close()

    const streamed = cli.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    const types = streamed.map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining(['ServiceCreated', 'PodsCreated', 'RolloutStarted', 'PodsRemoved', 'RolloutComplete']),
    )
    expect(types.indexOf('ServiceCreated')).toBeLessThan(types.indexOf('RolloutStarted'))
    expect(types.indexOf('RolloutStarted')).toBeLessThan(types.indexOf('RolloutComplete'))
    expect(streamed.every((e) => e.resourceType === 'service' && e.resourceName === 'web')).toBe(true)
    expect(streamed.find((e) => e.type === 'RolloutStarted')).toMatchObject({
      previousState: 'long@1.0.0',
      newState: 'long@2.0.0',
    })
    expect(streamed.find((e) => e.type === 'RolloutStarted').correlationId).toMatch(/\S/)
    // The WebSocket saw the same service events, and the service's pods coming and going.
    const wsService = watched.filter((e) => e.resourceType === 'service').map((e) => e.type)
    expect(wsService).toEqual(expect.arrayContaining(['ServiceCreated', 'RolloutStarted', 'RolloutComplete']))
    const podCreated = watched.filter((e) => e.resourceType === 'pod' && e.type === 'PodCreated').length
    expect(podCreated).toBeGreaterThanOrEqual(4)
    expect(watched.some((e) => e.resourceType === 'pod' && e.type === 'PodRunning')).toBe(true)
    expect((await run('service', 'delete', 'web')).code).toBe(0)
  })
})

describe('logs', () => {
  it('`stark pod logs -f` follows a pod through a crash and its restart; --previous shows the crashed run', async () => {
    const restarts = await (async () => {
      const doc = await (await fetch(`${server.url}/api/openapi.json`)).json()
      return '/api/services' in doc.paths
    })()
    expect((await run('pod', 'create', 'crash-once', '--name', 'phoenix', '--restart', 'OnFailure')).code).toBe(0)
    const logs = follow(['pod', 'logs', 'phoenix', '-f'])
    await logs.waitFor(/run 1 started/, 60_000)
    await logs.waitFor(/about to crash/, 30_000)
    if (!restarts) {
      // A server without the restart controller: the stream ends with the run.
      console.warn('[stark e2e] this server does not restart pods yet: following through a single run only')
      await until(() => logs.exited.then(() => true), { timeoutMs: 30_000 })
      return
    }
    await logs.waitFor(/run 2 started/, 60_000)
    await logs.waitFor(/tick/, 30_000)
    // Lines on stdout, in order; the run marker on stderr.
    const out = logs.stdout
    expect(out.indexOf('run 1 started')).toBeLessThan(out.indexOf('about to crash'))
    expect(out.indexOf('about to crash')).toBeLessThan(out.indexOf('run 2 started'))
    // The end of run 1 is marked (on stderr, so it may arrive after the lines), whether the follow
    // saw the crash happen or joined later, and even when the end and the restart shared a commit.
    await logs.waitFor(/── run 1: Failed[^\n]*boom/, 30_000)
    await logs.waitFor(/── run 2(: (Scheduled|Running))?/, 30_000)
    const pod = (await run('pod', 'status', 'phoenix', '-o', 'json')).json()
    expect(pod).toMatchObject({ incarnation: 2, restarts: 1, status: 'Running' })
    const previous = await run('pod', 'logs', 'phoenix', '--previous')
    expect(previous.code, previous.stderr).toBe(0)
    expect(previous.stdout).toContain('about to crash')
    expect(previous.stdout).not.toContain('run 2 started')
    // Deleting the pod ends the follow by itself.
    expect((await run('pod', 'delete', 'phoenix')).code).toBe(0)
    expect((await logs.exited).code).toBe(0)
  })
})

describe('metrics', () => {
  it('/metrics needs a token, and its series hold plausible values', async () => {
    expect((await run('pod', 'create', 'long', '--name', 'busy')).code).toBe(0)
    await until(async () => (await run('pod', 'status', 'busy', '-o', 'json')).json().status === 'Running', { timeoutMs: 60_000 })
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
    const scrape = async () => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      return parsePrometheus(await res.text())
    }
    // Usage comes with heartbeats (every 5 s), heartbeat intervals after the second one.
    const s = await until(
      async () => {
        const samples = await scrape()
        return samplesOf(samples, 'stark_pod_memory_bytes', { pod: 'busy' }).length &&
          (valueOf(samples, 'stark_node_heartbeat_interval_seconds_count') ?? 0) >= 1
          ? samples
          : undefined
      },
      { timeoutMs: 40_000, intervalMs: 1000, what: 'usage and heartbeat series' },
    )
    expect(valueOf(s, 'stark_nodes', { status: 'Ready', runtime: 'node' })).toBe(1)
    expect(valueOf(s, 'stark_pods', { status: 'Running' })).toBeGreaterThanOrEqual(1)
    expect(valueOf(s, 'stark_pods', { status: 'Succeeded' })).toBeGreaterThanOrEqual(3)
    expect(valueOf(s, 'stark_scheduler_attempts_total', { result: 'scheduled' })).toBeGreaterThanOrEqual(4)
    expect(valueOf(s, 'stark_scheduler_decision_duration_seconds_count')).toBeGreaterThanOrEqual(4)
    expect(valueOf(s, 'stark_scheduler_decision_duration_seconds_sum')).toBeLessThan(10)
    expect(valueOf(s, 'stark_scheduler_queue_depth', { queue: 'active' })).toBe(0)
    expect(valueOf(s, 'stark_write_queue_depth')).toBeGreaterThanOrEqual(0)
    expect(valueOf(s, 'stark_websocket_connections')).toBeGreaterThanOrEqual(1)
    const age = valueOf(s, 'stark_node_heartbeat_age_seconds', { node: 'n1' })!
    expect(age).toBeGreaterThanOrEqual(0)
    expect(age).toBeLessThan(30)
    const intervals =
      valueOf(s, 'stark_node_heartbeat_interval_seconds_sum')! / valueOf(s, 'stark_node_heartbeat_interval_seconds_count')!
    expect(intervals).toBeGreaterThan(1)
    expect(intervals).toBeLessThan(30)
    expect(
      valueOf(s, 'stark_http_request_duration_seconds_count', { method: 'POST', route: '/api/pods', status: '201' }),
    ).toBeGreaterThanOrEqual(4)
    expect(
      samplesOf(s, 'stark_http_request_duration_seconds_count').every(
        (x) => !/[0-9a-f]{8}-|ev-a|busy/.test(x.labels.route ?? ''),
      ),
    ).toBe(true)
    expect(valueOf(s, 'stark_db_transaction_duration_seconds_count')).toBeGreaterThan(0)
    const ping = valueOf(s, 'stark_db_ping_seconds')!
    expect(ping).toBeGreaterThan(0)
    expect(ping).toBeLessThan(2)
    expect(valueOf(s, 'stark_pod_memory_bytes', { pod: 'busy', namespace: 'default', node: 'n1' })).toBeGreaterThan(0)
    expect(valueOf(s, 'stark_pod_cpu_millicores', { pod: 'busy' })).toBeGreaterThanOrEqual(0)
    expect(valueOf(s, 'stark_events_total', { category: 'pod', severity: 'info' })).toBeGreaterThan(0)
    expect(samplesOf(s, 'stark_process_cpu_user_seconds_total')).toHaveLength(1)

    // The same usage in the CLI: pod status, and node status (allocatable vs allocated vs used).
    const pod = (await run('pod', 'status', 'busy', '-o', 'json')).json()
    expect(pod.usage.memory).toBeGreaterThan(0)
    const node = (await run('node', 'status', 'n1', '-o', 'json')).json()
    expect(node.used.memory).toBeGreaterThan(0)
    expect(node.allocated.pods).toBeGreaterThanOrEqual(1)
    expect(node.allocatable.memory).toBeGreaterThan(node.allocated.memory)
    expect((await run('pod', 'delete', 'busy')).code).toBe(0)
  })
})

describe('REST and CLI for integrators', () => {
  it('the running server’s OpenAPI document validates, and /api/docs serves the reference page', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json()
    const result = await new Validator().validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    const page = await fetch(`${server.url}/api/docs`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toMatch(/swagger/i)
    // Its script and style come from this server (no internet needed), without a token.
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/assets/'), asset).toBe(true)
      const res = await fetch(server.url + asset)
      expect(res.status, asset).toBe(200)
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(10_000)
    }
    expect((await fetch(`${server.url}/api/docs/assets/swagger-ui-dist/package.json`)).status).toBe(404)
  })

  it('every command that prints data prints parseable JSON with -o json', async () => {
    expect((await run('pod', 'create', 'hello', '--name', 'json-1')).code).toBe(0)
    await until(async () => (await run('pod', 'status', 'json-1', '-o', 'json')).json().status === 'Succeeded', {
      timeoutMs: 60_000,
    })
    const commands: [string[], 'array' | 'object'][] = [
      [['auth', 'whoami'], 'object'],
      [['pack', 'list'], 'array'],
      [['pack', 'versions', 'hello'], 'array'],
      [['pod', 'list'], 'array'],
      [['pod', 'status', 'json-1'], 'object'],
      [['pod', 'history', 'json-1'], 'array'],
      [['pod', 'logs', 'json-1'], 'array'],
      [['node', 'list'], 'array'],
      [['node', 'status', 'n1'], 'object'],
      [['events'], 'array'],
      [['events', '--for', 'pod/json-1'], 'array'],
      [['status'], 'object'],
      [['config', 'get'], 'object'],
      [['service', 'list'], 'array'],
      [['priorityclass', 'list'], 'array'],
      [['pod', 'create', 'hello', '--name', 'json-2'], 'object'],
      [['pod', 'delete', 'json-2'], 'object'],
    ]
    for (const [args, shape] of commands) {
      const r = await run(...args, '-o', 'json')
      expect(r.code, `stark ${args.join(' ')}: ${r.stderr}`).toBe(0)
      const value = r.json()
      expect(Array.isArray(value) ? 'array' : typeof value, `stark ${args.join(' ')}`).toBe(shape)
    }
    const bundled = await run('pack', 'bundle', join(home.path, 'hello.js'), '--out', join(home.path, 'again.js'), '-o', 'json')
    expect(bundled.json()).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })

  it('server and agent write structured JSON logs with request ids, users and nodes', async () => {
    const serverLines = server.proc.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
    const request = serverLines.find((l) => l.msg === 'request' && l.route === '/api/pods/:ref' && l.userId)
    expect(request).toMatchObject({ service: 'server', level: 'info', method: 'GET', status: 200 })
    expect(request.requestId).toMatch(/\S/)
    expect(Date.parse(request.time)).toBeGreaterThan(0)
    expect(request.durationMs).toBeGreaterThanOrEqual(0)
    const agentLines = agent.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
    expect(agentLines.find((l) => l.nodeId && l.service === 'node-agent')).toMatchObject({
      level: expect.any(String),
      time: expect.any(String),
    })
  })
})
