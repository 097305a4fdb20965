/**
 * Hostile input against the real thing: the built server and a real Node agent running a normal
 * pod, then fast-check generated requests to every REST route (bad paths, queries, bodies, content
 * types, credentials of every role) and generated frames on /ws (garbage, mutated protocol
 * messages, reports about pods the node does not run, frames past the size limit). Every answer
 * must be a well-formed JSON 2xx/4xx — never a 5xx — and afterwards the server, the agent and
 * the pod are all still there: same run, still logging, nothing lost.
 * FUZZ_RUNS (default 300) sets the number of requests and of frame sequences.
 */
import { join } from 'node:path'
import fc from 'fast-check'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestArb, wsFrameArb } from './harness/fuzz-inputs'
import { LONG_RUNNING, writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'
import { jsonRequest } from '@stark/shared'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)

describe('fuzzing REST and /ws while a normal workload runs', () => {
  const home = tempHome()
  let server: StarkServer
  let agent: Proc
  const tokens: Record<string, string> = {}
  let routes: { method: string; path: string }[] = []
  /** Example request bodies of the OpenAPI document, per operation: the seeds of the mutation fuzz. */
  let examples: { method: string; path: string; body: unknown }[] = []
  let steady: { id: string; incarnation: number; nodeId: string }
  const run = (...args: string[]) => stark(home.path, server.url, args)

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(server.url + path, jsonRequest(method, body, token))
    return { status: res.status, body: (await res.json()) as any }
  }
  const ticks = async () => ((await run('pod', 'logs', 'steady')).stdout.match(/^tick \d+$/gm) ?? []).length

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    expect((await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')).code).toBe(0)
    tokens.admin = (
      await api('POST', '/api/auth/login', { email: 'ada@example.com', password: 'correct-horse-1' })
    ).body.accessToken
    for (const [who, role] of [
      ['mallory', 'user'],
      ['vic', 'viewer'],
      ['spare', 'user'],
    ] as const) {
      await api('POST', '/api/auth/register', { email: `${who}@example.com`, password: `${who}-password`, role }, tokens.admin)
      tokens[who] = (
        await api('POST', '/api/auth/login', { email: `${who}@example.com`, password: `${who}-password` })
      ).body.accessToken
    }
    agent = await startAgent(home.path, server.url, 'n1')
    const out = join(home.path, 'steady.bundle.js')
    expect((await run('pack', 'bundle', writePack(home.path, 'steady', LONG_RUNNING), '--out', out)).code).toBe(0)
    expect((await run('pack', 'register', out, '--name', 'steady', '--version', '1.0.0')).code).toBe(0)
    expect((await run('pod', 'create', 'steady', '--name', 'steady')).code).toBe(0)
    const pod = await until(async () => {
      const p = (await run('pod', 'status', 'steady', '-o', 'json')).json()
      return p.status === 'Running' ? p : undefined
    })
    steady = { id: pod.id, incarnation: pod.incarnation, nodeId: pod.nodeId }
    await until(ticks, { what: 'the steady pod to tick' })
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> }
    examples = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([m, op]) =>
        Object.values((op?.requestBody?.content?.['application/json']?.examples ?? {}) as Record<string, { value: unknown }>).map(
          (e) => ({ method: m.toUpperCase(), path, body: e.value }),
        ),
      ),
    )
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it(`REST: ${RUNS} generated requests, every answer a well-formed JSON 2xx/4xx, never a 5xx`, async () => {
    const nodeToken = JSON.parse((await import('node:fs')).readFileSync(join(home.path, 'nodes', 'n1.json'), 'utf8'))
      .nodeToken as string
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        let path: string
        if (r.path[0] >= 0 && routes.length) {
          const route = routes[r.path[0] % routes.length]!
          let i = 0
          path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(r.path[1][i++] ?? 'x'))
        } else path = `/api/${r.path[1].map(encodeURIComponent).join('/')}`
        // Never aim at the workload: random names do not hit it, the known ones are left out.
        if (/steady|\/n1(\/|$)/.test(path)) return
        const url = new URL(server.url + path)
        for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v)
        const token = r.who === 'node' ? nodeToken : r.who === 'garbage' ? 'x.y.z' : r.who === 'none' ? undefined : tokens[r.who]
        const res = await fetch(url, {
          method: r.method,
          headers: {
            ...(r.contentType ? { 'content-type': r.contentType } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(r.body !== undefined && r.method !== 'GET' ? { body: r.body } : {}),
          signal: AbortSignal.timeout(5000),
        })
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
        const type = res.headers.get('content-type') ?? ''
        if (type.includes('text/event-stream') || type.includes('javascript')) return void (await res.body?.cancel())
        const text = await res.text()
        expect(res.status, `${r.method} ${url.pathname}${url.search} as ${r.who}: ${text.slice(0, 300)}`).toBeLessThan(500)
        if (res.status === 204) return
        const body = JSON.parse(text)
        if (res.status >= 400) {
          // Every refusal is an RFC 9457 problem.
          expect(type, `${r.method} ${url.pathname}`).toBe('application/problem+json')
          expect(body, `${r.method} ${url.pathname}: ${text.slice(0, 300)}`).toMatchObject({
            type: expect.stringMatching(/^urn:stark:problem:/),
            title: expect.any(String),
            status: res.status,
            detail: expect.any(String),
            error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          })
          expect(body.detail.length).toBeGreaterThan(0)
        } else expect(type, `${r.method} ${url.pathname}`).toMatch(/application\/json/)
      }),
      { numRuns: RUNS },
    )
    // Plenty of refusals, and some successes too (the generator reaches real handlers).
    expect([...seen.keys()].some((s) => s >= 400)).toBe(true)
    expect([...seen.keys()].some((s) => s < 300)).toBe(true)
  })

  /** Replaces the value at a random place (any depth) of `value` with `replacement`. */
  function mutate(value: unknown, at: number, replacement: unknown): unknown {
    if (typeof value !== 'object' || value === null) return replacement
    const keys = Object.keys(value)
    if (keys.length === 0 || at % 4 === 0)
      return Array.isArray(value) ? [...value, replacement] : { ...value, [`extra${at}`]: replacement }
    const key = keys[at % keys.length]!
    const child = (value as Record<string, unknown>)[key]
    const next = at % 3 === 0 ? replacement : mutate(child, Math.floor(at / 3), replacement)
    return Array.isArray(value) ? value.map((v, i) => (String(i) === key ? next : v)) : { ...value, [key]: next }
  }

  it(`REST: ${RUNS} example bodies with values replaced at any depth, sent as each role: never a 5xx`, async () => {
    expect(examples.length).toBeGreaterThan(20)
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('admin', 'mallory', 'vic'),
        async (pick, mutations, who) => {
          const ex = examples[pick % examples.length]!
          const path = ex.path.replace(/\{\w+\}/g, 'fuzz-target')
          if (/auth\/(setup|login|register|logout)/.test(path)) return
          const body = mutations.reduce((b, [at, v]) => mutate(b, at, v), ex.body)
          const res = await fetch(server.url + path, {
            method: ex.method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(5000),
          })
          const text = await res.text()
          expect(
            res.status,
            `${ex.method} ${path} as ${who} with ${JSON.stringify(body).slice(0, 300)}: ${text.slice(0, 300)}`,
          ).toBeLessThan(500)
          if (res.status >= 400) expect(JSON.parse(text).error.message).toEqual(expect.any(String))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('REST: a body past the size limit is refused with 413 before it is read', async () => {
    const { request } = await import('node:http')
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/packs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(13 * 1024 * 1024),
          authorization: `Bearer ${tokens.admin}`,
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.write('{"name":"big","bundle":"' + 'x'.repeat(64 * 1024))
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.code).toBe('payload_too_large')
  })

  const frameArb = wsFrameArb(() => steady.id)

  async function open(token: string | undefined) {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    const replies: string[] = []
    ws.on('message', (d, binary) => replies.push(binary ? '<binary>' : d.toString()))
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    ws.on('error', () => {})
    await new Promise<void>((resolve) => {
      ws.once('open', () => resolve())
      ws.once('close', () => resolve())
    })
    return { ws, replies, closed }
  }

  it(`/ws: ${RUNS} generated frame sequences from users, a registered node and nobody; every reply well-formed`, async () => {
    // mallory's own node: registered once, then it says whatever the generator says.
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('mallory', 'vic', 'none', 'garbage'),
        fc.boolean(),
        async (frames, who, register) => {
          const token = who === 'none' ? undefined : who === 'garbage' ? 'garbage' : tokens[who]
          const c = await open(token)
          if (c.ws.readyState !== WebSocket.OPEN) return
          if (register)
            c.ws.send(
              JSON.stringify({
                type: 'node:register',
                payload: { protocol: 1, name: 'fuzz-node', runtime: 'node', allocatable: { cpu: 1, memory: 1, pods: 1 } },
              }),
            )
          for (const f of frames) if (c.ws.readyState === WebSocket.OPEN) c.ws.send(f)
          if (c.ws.readyState === WebSocket.OPEN && frames.length > 6) c.ws.send(Buffer.from([0xff, 0x00, 0x13]))
          await new Promise((r) => setTimeout(r, 30))
          c.ws.close()
          await c.closed
          for (const reply of c.replies) {
            expect(reply).not.toBe('<binary>')
            const m = JSON.parse(reply)
            expect(['error', 'node:registered', 'watch:subscribed', 'watch:event', 'pod:stop', 'pod:assign']).toContain(m.type)
            if (m.type === 'error')
              expect(m.payload).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }))
          }
        },
      ),
      { numRuns: RUNS },
    )
    // A frame past the size limit closes only its own connection (a session the fuzz never used: it may have logged the others out).
    const big = await open(tokens.spare)
    big.ws.send('x'.repeat(2 * 1024 * 1024))
    expect(await big.closed).toBe(1009)
  })

  it('afterwards: the server, the agent and the workload are all still there — same run, still logging', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
    expect(agent.child.exitCode).toBeNull()
    const pod = (await run('pod', 'status', 'steady', '-o', 'json')).json()
    expect(pod).toMatchObject({
      id: steady.id,
      status: 'Running',
      incarnation: steady.incarnation,
      nodeId: steady.nodeId,
      restarts: 0,
    })
    expect((await run('node', 'status', 'n1', '-o', 'json')).json().status).toBe('Ready')
    const before = await ticks()
    await until(async () => (await ticks()) > before + 3, { what: 'the steady pod to keep ticking' })
    expect(server.proc.output).not.toMatch(/"level":"error"|unhandled/i)
  })
})
