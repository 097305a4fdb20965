/**
 * List + watch on a real server: a list answers its resourceVersion, a watch from it streams the
 * changes after it in order, only of what the caller may list (Bob never learns of Alice's pods,
 * services or events, not even that one went away), a version the server no longer holds is 410,
 * a malformed one 400, and each caller holds a bounded number of watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/test-server'

const BUNDLE = `export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: any
  resourceVersion: string
}

/** A watch read in the background: its events so far, comments seen, and a wait on a condition. */
async function openWatch(s: TestServer, path: string, token: string) {
  const stop = new AbortController()
  const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` }, signal: stop.signal })
  const events: WatchEvent[] = []
  const comments: string[] = []
  const errors: string[] = []
  let wake = () => {}
  const reading = (async () => {
    if (!res.ok || !res.body) return
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      const reader = res.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let at: number
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at)
          buffer = buffer.slice(at + 2)
          const data = block.split('\n').filter((l) => l.startsWith('data:'))
          if (block.startsWith(':')) comments.push(block.slice(1).trim())
          else if (block.includes('event: error')) errors.push(data.join(''))
          else if (data.length) events.push(JSON.parse(data.map((l) => l.slice(5).trim()).join('\n')))
          wake()
        }
      }
    } catch {
      /* aborted */
    }
  })()
  return {
    res,
    events,
    comments,
    errors,
    async until(what: string, ok: () => boolean, ms = 15_000) {
      const deadline = Date.now() + ms
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`)
        await new Promise<void>((r) => {
          wake = r
          setTimeout(r, 250)
        })
      }
    },
    async close() {
      stop.abort()
      await reading
    },
  }
}

async function setUp(config: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(config)
  const token: Record<string, string> = { admin: await s.admin() }
  const ok = async (method: string, path: string, body: unknown, who: string, status = 201) => {
    const r = await s.api(method, path, body, token[who])
    if (r.status !== status) throw new Error(`${who} ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  for (const name of ['alice', 'bob']) {
    await ok(
      'POST',
      '/api/auth/register',
      { email: `${name}@example.com`, password: `${name}-password-1`, role: 'user' },
      'admin',
    )
    token[name] = (
      await ok('POST', '/api/auth/login', { email: `${name}@example.com`, password: `${name}-password-1` }, 'none', 200)
    ).accessToken
    await ok('POST', '/api/namespaces', { name: `${name}-ns` }, name)
    await ok('POST', '/api/packs', { name: `${name}-pack`, version: '1.0.0', namespace: `${name}-ns`, bundle: BUNDLE }, name)
  }
  return { s, token, ok }
}

describe('list + watch', () => {
  let env: Awaited<ReturnType<typeof setUp>>
  beforeAll(async () => {
    env = await setUp()
  }, 120_000)
  afterAll(() => env?.s.close())

  it('every list answers a resourceVersion', async () => {
    for (const kind of ['pods', 'services', 'nodes', 'events']) {
      const r = await env.s.api('GET', `/api/${kind}`, undefined, env.token.alice)
      expect(r.status).toBe(200)
      expect(r.body.resourceVersion).toMatch(/^\d+$/)
    }
  })

  it('streams ADDED, MODIFIED and DELETED after the list, and nothing of another tenant', async () => {
    const { s, token, ok } = env
    const list = async (path: string, who: string) => (await s.api('GET', path, undefined, token[who])).body
    const alicePods = await list('/api/pods?namespace=alice-ns', 'alice')
    const bobPods = await list('/api/pods', 'bob')
    const bobServices = await list('/api/services', 'bob')
    const aliceServices = await list('/api/services', 'alice')
    const bobEvents = await list('/api/events', 'bob')
    const alice = await openWatch(
      s,
      `/api/pods?namespace=alice-ns&watch=true&resourceVersion=${alicePods.resourceVersion}`,
      token.alice!,
    )
    const aliceSvc = await openWatch(s, `/api/services?watch=true&resourceVersion=${aliceServices.resourceVersion}`, token.alice!)
    const bob = await openWatch(s, `/api/pods?watch=true&resourceVersion=${bobPods.resourceVersion}`, token.bob!)
    const bobSvc = await openWatch(s, `/api/services?watch=true&resourceVersion=${bobServices.resourceVersion}`, token.bob!)
    const bobEv = await openWatch(s, `/api/events?watch=true&resourceVersion=${bobEvents.resourceVersion}`, token.bob!)
    expect(alice.res.headers.get('content-type')).toMatch(/text\/event-stream/)
    try {
      // Alice's changes, made after the lists were read.
      await ok('POST', '/api/pods', { pack: 'alice-pack', name: 'secret-plan', namespace: 'alice-ns' }, 'alice')
      await ok('POST', '/api/services', { name: 'hidden-svc', pack: 'alice-pack', namespace: 'alice-ns', replicas: 1 }, 'alice')
      await ok('POST', '/api/services/hidden-svc/scale?namespace=alice-ns', { replicas: 2 }, 'alice', 200)
      // A deleted pod stops (and stays, Stopped, until collected); deleting it again removes it.
      await ok('DELETE', '/api/pods/secret-plan?namespace=alice-ns', undefined, 'alice', 200)
      await alice.until('secret-plan stopped', () =>
        alice.events.some((e) => e.object.name === 'secret-plan' && e.object.status === 'Stopped'),
      )
      await ok('DELETE', '/api/pods/secret-plan?namespace=alice-ns', undefined, 'alice', 200)
      await alice.until('secret-plan deleted', () =>
        alice.events.some((e) => e.type === 'DELETED' && e.object.name === 'secret-plan'),
      )
      const plan = alice.events.filter((e) => e.object.name === 'secret-plan')
      expect(plan[0]!.type).toBe('ADDED')
      expect(plan.at(-1)!.type).toBe('DELETED')
      expect(plan[0]!.object).toMatchObject({ name: 'secret-plan', namespace: 'alice-ns', status: 'Pending' })
      const versions = alice.events.map((e) => Number(e.resourceVersion))
      expect(versions).toEqual([...versions].sort((a, b) => a - b))
      expect(versions[0]).toBeGreaterThan(Number(alicePods.resourceVersion))
      // The service's pods are Alice's too; the service itself was added and then changed.
      await aliceSvc.until('hidden-svc scaled', () =>
        aliceSvc.events.some((e) => e.type === 'MODIFIED' && e.object.name === 'hidden-svc' && e.object.replicas === 2),
      )
      expect(aliceSvc.events[0]).toMatchObject({ type: 'ADDED', object: { name: 'hidden-svc', namespace: 'alice-ns' } })
      await ok('DELETE', '/api/services/hidden-svc?namespace=alice-ns', undefined, 'alice', 200)
      await aliceSvc.until('hidden-svc deleted', () =>
        aliceSvc.events.some((e) => e.type === 'DELETED' && e.object.name === 'hidden-svc'),
      )
      expect(aliceSvc.events.at(-1)!.type).toBe('DELETED')

      // Bob's own change comes after all of Alice's: once he sees it, he has seen all he would.
      await ok('POST', '/api/pods', { pack: 'bob-pack', name: 'bob-marker', namespace: 'bob-ns' }, 'bob')
      await ok('POST', '/api/services', { name: 'bob-svc', pack: 'bob-pack', namespace: 'bob-ns', replicas: 1 }, 'bob')
      await bob.until('bob-marker', () => bob.events.some((e) => e.object.name === 'bob-marker'))
      await bobSvc.until('bob-svc', () => bobSvc.events.some((e) => e.object.name === 'bob-svc'))
      await bobEv.until('an event about bob-marker', () => bobEv.events.some((e) => e.object.resourceName === 'bob-marker'))
      for (const w of [bob, bobSvc, bobEv]) {
        const text = JSON.stringify(w.events)
        expect(text).not.toMatch(/alice|secret-plan|hidden-svc/)
      }
      expect(bob.events.every((e) => e.object.namespace === 'bob-ns')).toBe(true)
      expect(bobEv.events.every((e) => e.type === 'ADDED' || e.type === 'MODIFIED')).toBe(true)
    } finally {
      await Promise.all([alice, aliceSvc, bob, bobSvc, bobEv].map((w) => w.close()))
    }
  }, 90_000)

  it('without a resourceVersion starts with an ADDED for each object the caller may list, then the changes', async () => {
    const { s, token, ok } = env
    await ok('POST', '/api/pods', { pack: 'alice-pack', name: 'already-b', namespace: 'alice-ns' }, 'alice')
    await ok('POST', '/api/pods', { pack: 'alice-pack', name: 'already-a', namespace: 'alice-ns' }, 'alice')
    await ok('POST', '/api/pods', { pack: 'bob-pack', name: 'bobs-own', namespace: 'bob-ns' }, 'bob')
    const listed = (await s.api('GET', '/api/pods', undefined, token.alice)).body.items.map((p: any) => p.name)
    const pods = await openWatch(s, '/api/pods?watch=true', token.alice!)
    const events = await openWatch(s, '/api/events?watch=true&limit=5', token.alice!)
    try {
      await pods.until('the existing pods', () => pods.events.length >= listed.length)
      const initial = pods.events.slice(0, listed.length)
      expect(initial.map((e) => e.type)).toEqual(listed.map(() => 'ADDED'))
      // In the list's order, each at the revision the objects were read at.
      expect(initial.map((e) => e.object.name)).toEqual(listed)
      expect(new Set(initial.map((e) => e.resourceVersion)).size).toBe(1)
      expect(JSON.stringify(pods.events)).not.toMatch(/bobs-own/)
      await events.until('the newest events', () => events.events.length === 5)
      expect(events.events.every((e) => e.type === 'ADDED')).toBe(true)

      await ok('POST', '/api/pods', { pack: 'alice-pack', name: 'after-watch', namespace: 'alice-ns' }, 'alice')
      await pods.until('after-watch', () => pods.events.some((e) => e.object.name === 'after-watch'))
      const added = pods.events.filter((e) => e.object.name === 'after-watch')
      expect(added[0]).toMatchObject({ type: 'ADDED' })
      expect(Number(added[0]!.resourceVersion)).toBeGreaterThan(Number(initial[0]!.resourceVersion))
      expect(pods.events.filter((e) => e.object.name === 'already-a' && e.type === 'ADDED')).toHaveLength(1)
      // The events watch sends each event once: its synthetic ADDED or its change, not both.
      await events.until('an event about after-watch', () => events.events.some((e) => e.object.resourceName === 'after-watch'))
      const ids = events.events.filter((e) => e.type === 'ADDED').map((e) => e.object.id)
      expect(new Set(ids).size).toBe(ids.length)
    } finally {
      await Promise.all([pods.close(), events.close()])
    }
  })

  it('a malformed resourceVersion is 400 with a pointer to it', async () => {
    const r = await env.s.api('GET', '/api/pods?watch=true&resourceVersion=abc', undefined, env.token.alice)
    expect(r.status).toBe(400)
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/query/resourceVersion' })])
  })

  it('a version from before this server is 410 problem+json', async () => {
    const res = await fetch(`${env.s.url}/api/pods?watch=true&resourceVersion=1`, {
      headers: { authorization: `Bearer ${env.token.alice}` },
    })
    expect(res.status).toBe(410)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 410, title: 'Gone', code: 'gone' })
  })
})

describe('watch limits', () => {
  let env: Awaited<ReturnType<typeof setUp>>
  beforeAll(async () => {
    env = await setUp({ config: { limits: { watchWindow: 2, watchesPerCaller: 2, watchHeartbeatMs: 100 } } })
  }, 120_000)
  afterAll(() => env?.s.close())

  it('a version the window no longer holds is 410; a fresh list watches again', async () => {
    const { s, token, ok } = env
    const before = (await s.api('GET', '/api/pods', undefined, token.alice)).body.resourceVersion
    for (let i = 0; i < 5; i++)
      await ok('POST', '/api/pods', { pack: 'alice-pack', name: `p${i}`, namespace: 'alice-ns' }, 'alice')
    const gone = await s.api('GET', `/api/pods?watch=true&resourceVersion=${before}`, undefined, token.alice)
    expect(gone.status).toBe(410)
    const again = (await s.api('GET', '/api/pods', undefined, token.alice)).body.resourceVersion
    const w = await openWatch(s, `/api/pods?watch=true&resourceVersion=${again}`, token.alice!)
    try {
      expect(w.res.status).toBe(200)
      // Idle, it still sends keepalive comments.
      await w.until('a keepalive', () => w.comments.includes('keepalive'))
    } finally {
      await w.close()
    }
  })

  it('a caller holds at most watchesPerCaller watches; closing one frees its place', async () => {
    const { s, token } = env
    const a = await openWatch(s, '/api/pods?watch=true', token.bob!)
    const b = await openWatch(s, '/api/nodes?watch=true', token.bob!)
    const third = await s.api('GET', '/api/services?watch=true', undefined, token.bob)
    expect(third.status).toBe(429)
    // Another caller is not counted against Bob.
    const other = await openWatch(s, '/api/pods?watch=true', token.alice!)
    expect(other.res.status).toBe(200)
    await other.close()
    await a.close()
    let again: Awaited<ReturnType<typeof openWatch>> | undefined
    const deadline = Date.now() + 10_000
    while (!again || again.res.status !== 200) {
      await again?.close()
      if (Date.now() > deadline) throw new Error('the closed watch was never released')
      again = await openWatch(s, '/api/services?watch=true', token.bob!)
    }
    await again.close()
    await b.close()
  })
})
