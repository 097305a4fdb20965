/**
 * Logs and events as a hostile tenant uses them, through the built server, a real agent and real
 * packs, on the embedded store and on PostgreSQL:
 * - a pack prints NUL bytes, lone surrogates, terminal escapes (CSI, OSC, DCS, C1), carriage returns
 *   and huge lines next to a pod on the same node that prints a numbered sequence: every numbered
 *   line is stored, the hostile lines are stored cleaned, and nothing raw reaches `stark pod logs`,
 *   the server's log or the agent's log;
 * - a pack that crashes with a hostile error message again and again: its failure is one event with
 *   a growing count, delivered again to a follower as it grows;
 * - audit events: admins only, and never pushed out by a flood of pod events.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eEngines, freshStore, type Store } from './harness/databases'
import { writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { savedAccessToken, stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

/** Anything a terminal would act on: C0 controls but tab and newline, DEL, C1, bidi overrides, and escaped forms of ESC/NUL in JSON. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LINES = 1500

const HOSTILE = `
export default async function main() {
  const bad = ['nul\\u0000byte', 'lone\\uD800high', 'low\\uDC00', '\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mred', 'c1\\u009b31m', '\\u001bP1$r\\u001b\\\\', 'cr\\rOVERWRITTEN', 'bidi\\u202Etxt.exe']
  await new Promise((r) => setTimeout(r, 300))
  for (let i = 0; i < ${LINES}; i++) {
    console.log(bad[i % bad.length] + ' ' + i)
    if (i % 100 === 0) console.log('\\u0000'.repeat(50000) + 'x'.repeat(50000))
    if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1))
  }
}
`
const COUNTER = `
export default async function main() {
  await new Promise((r) => setTimeout(r, 300))
  for (let i = 0; i < ${LINES}; i++) {
    console.log('n ' + i)
    if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1))
  }
}
`
const CRASHY = `
export default async function main() {
  console.error('\\u001b[2J\\u001b]0;owned\\u0007 about to fail')
  throw new Error('boom \\u001b]0;pwned\\u0007\\u001b[2J \\u0000 \\uD800 \\u009b done')
}
`

interface SseEvent {
  event: string
  id?: string
  data: any
}

/** Reads a text/event-stream into `into` until the signal aborts. */
async function readSse(res: Response, into: SseEvent[]) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields = Object.fromEntries(
          block
            .split('\n')
            .flatMap((l) => (l.startsWith(':') ? [] : [[l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]])),
        )
        if (fields.event)
          into.push({ event: fields.event, ...(fields.id ? { id: fields.id } : {}), data: JSON.parse(fields.data ?? 'null') })
      }
    }
  } catch {
    // aborted
  }
}

describe.each(e2eEngines())('logs and events against hostile tenants on %s', (engine) => {
  const home = tempHome()
  const malloryHome = tempHome()
  let store: Store
  let server: StarkServer
  let agent: Proc
  const admin = (...args: string[]) => stark(home.path, server.url, args)
  const mallory = (...args: string[]) => stark(malloryHome.path, server.url, args)
  const api = async (who: 'admin' | 'mallory', path: string, init: RequestInit = {}) => {
    const token = savedAccessToken(who === 'admin' ? home.path : malloryHome.path, server.url)
    return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } })
  }
  const MAX_EVENTS = 40

  beforeAll(async () => {
    store = await freshStore(engine)
    server = await startServer({
      home: home.path,
      ...(store.engine === 'postgres' ? { databaseUrl: store.url } : {}),
      env: { STARK_LOG_FORMAT: 'pretty', STARK_EVENTS_MAX_COUNT: String(MAX_EVENTS), STARK_POD_LOGS_MAX_RATE: '1000000' },
    })
    expect((await admin('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-battery-1')).code).toBe(0)
    expect(
      (await admin('auth', 'register', '--email', 'mallory@example.com', '--password', 'mallory-pass-12345!', '--role', 'user'))
        .code,
    ).toBe(0)
    const login = await mallory('auth', 'login', '--email', 'mallory@example.com', '--password', 'mallory-pass-12345!')
    expect(login.code, login.stderr).toBe(0)
    // Her own node (private packs run on their owner's nodes): the agent runs with her login.
    agent = await startAgent(malloryHome.path, server.url, 'n1', [], { STARK_LOG_FORMAT: 'pretty' })
    for (const [name, source] of [
      ['hostile', HOSTILE],
      ['counter', COUNTER],
      ['crashy', CRASHY],
    ] as const) {
      const out = join(malloryHome.path, `${name}.bundle.js`)
      expect((await mallory('pack', 'bundle', writePack(malloryHome.path, name, source), '--out', out)).code).toBe(0)
      expect((await mallory('pack', 'register', out, '--name', name, '--version', '1.0.0')).code).toBe(0)
    }
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    if (store?.engine === 'postgres') await store.drop()
    home.remove()
    malloryHome.remove()
  })

  it('one pod’s NUL, surrogates, escapes and huge lines never cost the pod beside it a line; nothing raw is shown', async () => {
    for (const name of ['hostile', 'counter'])
      expect((await mallory('pod', 'create', name, '--name', name, '--restart', 'Never')).code).toBe(0)
    const done = async (name: string) => {
      const pod = (await mallory('pod', 'status', name, '-o', 'json')).json()
      return ['Succeeded', 'Failed'].includes(pod.status) ? pod : undefined
    }
    expect(await until(() => done('counter'), { what: 'the counter pod to finish' })).toMatchObject({
      status: 'Succeeded',
      nodeName: 'n1',
    })
    expect(await until(() => done('hostile'), { what: 'the hostile pod to finish' })).toMatchObject({
      status: 'Succeeded',
      nodeName: 'n1',
    })

    // Every numbered line of the good pod, in order, once.
    const counted = await until(
      async () => {
        const body = (await (await api('mallory', '/api/pods/counter/logs?tail=10000')).json()) as { items: { line: string }[] }
        return body.items.length >= LINES ? body.items.map((l) => l.line) : undefined
      },
      { what: 'every line of the counter pod' },
    )
    expect(counted).toEqual(Array.from({ length: LINES }, (_, i) => `n ${i}`))

    // The hostile pod's lines are all there, cleaned.
    const hostileLines = async () =>
      ((await (await api('mallory', '/api/pods/hostile/logs?tail=10000')).json()) as { items: { line: string }[] }).items.map(
        (l) => l.line,
      )
    await until(async () => (await hostileLines()).some((l) => l.endsWith(` ${LINES - 1}`)) || undefined, {
      what: 'the hostile pod’s last line',
    })
    const hostile = await hostileLines()
    const numbered = hostile.flatMap((l) => (/ (\d+)$/.exec(l) ? [Number(/ (\d+)$/.exec(l)![1])] : []))
    expect(numbered).toEqual(Array.from({ length: LINES }, (_, i) => i))
    // Each huge line arrives as pieces of at most 16 KiB (100 000 characters: 7 pieces).
    expect(hostile).toHaveLength(LINES + (LINES / 100) * 7)
    for (const line of hostile) {
      expect(line).not.toMatch(RAW)
      expect(line).not.toMatch(LONE_SURROGATE)
      expect(line.length).toBeLessThanOrEqual(16_384)
    }
    expect(hostile).toContain('nul\u2400byte 0')
    expect(hostile).toContain('\u241b]0;pwned\u2407\u241b[2Jred 3')

    // `stark pod logs` prints readable lines with the escapes neutralised; -o json is JSON.
    const printed = await mallory('pod', 'logs', 'hostile')
    expect(printed.code).toBe(0)
    expect(printed.stdout).not.toMatch(RAW)
    expect(printed.stdout).toMatch(/^cr\u240dOVERWRITTEN 6$/m)
    const asJson = await mallory('pod', 'logs', 'hostile', '--tail', '5', '-o', 'json')
    expect((asJson.json() as { line: string }[]).map((l) => l.line)).toHaveLength(5)

    // The agent cleaned the lines before sending them; the server stored every line it was sent.
    const metrics = await (await api('admin', '/metrics')).text()
    expect(metrics).not.toMatch(/^stark_pod_log_lines_total\{outcome="dropped_unstorable"\} [1-9]/m)
  })

  it('a crash loop with a hostile error message is one failure event with a count, followed live', async () => {
    const seen: SseEvent[] = []
    const stop = new AbortController()
    const res = await api('mallory', '/api/events?follow=true&resource=pod/crashy&type=PodFailed', {
      headers: { accept: 'text/event-stream' },
      signal: stop.signal,
    })
    expect(res.status).toBe(200)
    const reading = readSse(res, seen)
    try {
      expect((await mallory('pod', 'create', 'crashy', '--name', 'crashy', '--restart', 'Always')).code).toBe(0)
      // Back-off 1 s, 2 s, 4 s: three failures within seconds, all one event.
      await until(() => seen.some((e) => e.data.count >= 3), {
        what: 'the failure event to reach a count of 3',
        timeoutMs: 60_000,
      })
    } finally {
      stop.abort()
      await reading
    }
    // The same event (one id) came again with a growing count.
    const failures = seen.filter((e) => e.event === 'event')
    const repeated = failures.at(-1)!.data
    const sameEvent = failures.filter((e) => e.data.id === repeated.id).map((e) => e.data.count)
    expect(sameEvent.length).toBeGreaterThanOrEqual(2)
    expect(sameEvent).toEqual([...sameEvent].sort((a, b) => a - b))
    expect(repeated).toMatchObject({ type: 'PodFailed', resourceName: 'crashy' })
    expect(repeated.message).not.toMatch(RAW)
    expect(repeated.message).not.toMatch(LONE_SURROGATE)

    // Stored: one row per distinct failure (a run may end before or after it reported Running), with counts.
    const stored = (await mallory('events', '--for', 'pod/crashy', '--type', 'PodFailed', '-o', 'json')).json() as any[]
    expect(stored.length).toBeLessThanOrEqual(2)
    const top = stored.find((e) => e.id === repeated.id)
    expect(top.count).toBeGreaterThanOrEqual(3)
    expect(Date.parse(top.lastSeen)).toBeGreaterThan(Date.parse(top.firstSeen))
    const table = await mallory('events', '--for', 'pod/crashy', '-o', 'table')
    expect(table.stdout).toMatch(/^AGE +SEVERITY +TYPE +OBJECT +NAMESPACE +COUNT +MESSAGE$/m)
    expect(table.stdout).toMatch(/PodFailed +pod\/crashy +default +\d+ \(first/)
    expect(table.stdout).not.toMatch(RAW)
    expect((await mallory('pod', 'status', 'crashy')).stdout).not.toMatch(RAW)
    expect((await mallory('pod', 'delete', 'crashy')).code).toBe(0)
  })

  it('audit events are for admins only and survive a flood of pod events past the event bound', async () => {
    expect((await mallory('auth', 'login', '--email', 'ada@example.com', '--password', 'not-the-password-1')).code).not.toBe(0)
    const audit = async () =>
      ((await (await api('admin', '/api/events?category=audit&limit=1000')).json()) as { items: any[] }).items
    const before = await until(
      async () => {
        const items = await audit()
        return items.some((e) => e.type === 'LoginFailed') ? items : undefined
      },
      { what: 'the failed sign-in in the audit events' },
    )
    expect(before.map((e) => e.type)).toEqual(
      expect.arrayContaining(['UserCreated', 'LoginSucceeded', 'LoginFailed', 'NodeRegistered']),
    )
    expect(before.every((e) => e.category === 'audit')).toBe(true)

    // Not for the user, even about herself; and not through an unfiltered read either.
    expect((await api('mallory', '/api/events?category=audit')).status).toBe(403)
    const own = ((await (await api('mallory', '/api/events?limit=1000')).json()) as { items: any[] }).items
    expect(own.length).toBeGreaterThan(0)
    expect(own.some((e) => e.category === 'audit')).toBe(false)

    // A flood of pod events (many pods, each its own source) far past the bound of ordinary events.
    for (let i = 0; i < 25; i++) {
      const r = await api('mallory', '/api/pods', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pack: 'crashy', name: `flood-${i}`, restartPolicy: 'Never' }),
      })
      expect(r.status, await r.text()).toBe(201)
    }
    const ordinary = async () =>
      ((await (await api('admin', '/api/events?limit=1000')).json()) as { items: any[] }).items.filter(
        (e) => e.category !== 'audit',
      )
    await until(async () => (await ordinary()).some((e) => e.resourceName === 'flood-24'), { what: 'the flood to be recorded' })
    // Retention runs on its own schedule: wait until it has cut ordinary events to the bound.
    await until(async () => (await ordinary()).length <= MAX_EVENTS, {
      what: 'retention to cut ordinary events',
      timeoutMs: 90_000,
    })
    const after = await audit()
    for (const e of before) expect(after.map((a) => a.id)).toContain(e.id)

    // Nothing a tenant sent reached the server's or the agent's log raw.
    expect(server.proc.output).not.toMatch(RAW)
    expect(server.proc.output).not.toMatch(LONE_SURROGATE)
    expect(agent.output).not.toMatch(RAW)
    expect(agent.output).not.toMatch(LONE_SURROGATE)
  })
})
