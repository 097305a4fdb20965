/**
 * GET /api/events against a real server: who sees what, forward pages that neither skip nor
 * repeat, and the live stream (follow=true) — the page, then new events as they commit, resumed
 * with Last-Event-ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/test-server'

let s: TestServer
let admin: string
let alice: string

const login = async (email: string, password: string) =>
  (await s.api('POST', '/api/auth/login', { email, password })).body.accessToken as string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  await s.deps.auth.register('alice@example.com', 'alice-password', 'user', null)
  alice = await login('alice@example.com', 'alice-password')
  expect(
    (
      await s.api(
        'POST',
        '/api/packs',
        { name: 'ev', version: '1.0.0', visibility: 'public', bundle: 'export default async () => {}' },
        admin,
      )
    ).status,
  ).toBe(201)
  for (const name of ['adm-1', 'adm-2', 'adm-3'])
    expect((await s.api('POST', '/api/pods', { pack: 'ev', name }, admin)).status).toBe(201)
  expect((await s.api('POST', '/api/pods', { pack: 'ev', name: 'alices' }, alice)).status).toBe(201)
})
afterAll(() => s?.close())

/** Reads an SSE response until `enough` says stop; returns the `event` records' data. */
async function readStream(res: Response, enough: (events: any[]) => boolean): Promise<{ events: any[]; ids: string[] }> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const events: any[] = []
  const ids: string[] = []
  while (!enough(events)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim()
      if (field('event') === 'event') {
        events.push(JSON.parse(field('data')!))
        ids.push(field('id')!)
      }
    }
  }
  await reader.cancel()
  return { events, ids }
}

describe('GET /api/events', () => {
  it('admins see every event; a user only those about what they own or did', async () => {
    const all = (await s.api('GET', '/api/events?category=pod&type=PodCreated', undefined, admin)).body.items.map(
      (e: any) => e.resourceName,
    )
    expect(all).toEqual(expect.arrayContaining(['adm-1', 'adm-2', 'adm-3', 'alices']))
    const mine = (await s.api('GET', '/api/events?category=pod&type=PodCreated', undefined, alice)).body.items.map(
      (e: any) => e.resourceName,
    )
    expect(mine).toEqual(['alices'])
    expect((await s.api('GET', '/api/events?resource=pod/adm-1', undefined, alice)).body.items).toEqual([])
    expect((await s.api('GET', '/api/events')).status).toBe(401)
  })

  it('pages forward from a time with nextCursor, without gaps or repeats; the newest page has no cursor', async () => {
    const first = await s.api('GET', '/api/events?since=2000-01-01T00:00:00Z&limit=2', undefined, admin)
    expect(first.body.items).toHaveLength(2)
    const seen: number[] = first.body.items.map((e: any) => e.id)
    let cursor = first.body.nextCursor as string | null
    while (cursor) {
      const page = await s.api('GET', `/api/events?since=2000-01-01T00:00:00Z&limit=2&cursor=${cursor}`, undefined, admin)
      seen.push(...page.body.items.map((e: any) => e.id))
      cursor = page.body.nextCursor
    }
    const everything = (await s.api('GET', '/api/events?limit=1000', undefined, admin)).body
    expect(everything.nextCursor).toBeNull()
    expect(seen).toEqual(everything.items.map((e: any) => e.id))
    expect(new Set(seen).size).toBe(seen.length)
    expect((await s.api('GET', '/api/events?cursor=%%%', undefined, admin)).status).toBe(400)
  })

  it('follow=true sends the page, then events as they commit; Last-Event-ID resumes after the last one seen', async () => {
    const url = `${s.url}/api/events?follow=true&resource=pod&type=PodCreated`
    const res = await fetch(url, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reading = readStream(res, (events) => events.some((e) => e.resourceName === 'live-1'))
    await new Promise((r) => setTimeout(r, 200))
    expect((await s.api('POST', '/api/pods', { pack: 'ev', name: 'live-1' }, admin)).status).toBe(201)
    const { events, ids } = await reading
    expect(events.map((e) => e.resourceName)).toEqual(['adm-1', 'adm-2', 'adm-3', 'alices', 'live-1'])
    expect(ids).toEqual(events.map((e) => String(e.id)))
    expect(events.at(-1).correlationId).toMatch(/\S/)

    expect((await s.api('POST', '/api/pods', { pack: 'ev', name: 'while-away' }, admin)).status).toBe(201)
    const resumed = await fetch(url, { headers: { authorization: `Bearer ${admin}`, 'last-event-id': ids.at(-1)! } })
    const again = await readStream(resumed, (e) => e.length >= 1)
    expect(again.events.map((e) => e.resourceName)).toEqual(['while-away'])
  })

  it('the request id given by the caller is the correlation id of the events it causes', async () => {
    const res = await fetch(`${s.url}/api/pods`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ pack: 'ev', name: 'traced' }),
    })
    expect(res.headers.get('x-request-id')).toBe('trace-me-42')
    const events = (await s.api('GET', '/api/events?resource=pod/traced', undefined, admin)).body.items
    expect(events.find((e: any) => e.type === 'PodCreated').correlationId).toBe('trace-me-42')
    // A priority class passes no id itself: the request context supplies it.
    await fetch(`${s.url}/api/priorityclasses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'x-request-id': 'pc-7' },
      body: JSON.stringify({ name: 'gold', value: 500 }),
    })
    const pcEvents = (await s.api('GET', '/api/events?category=scheduler', undefined, admin)).body.items.concat(
      (await s.api('GET', '/api/events?category=system', undefined, admin)).body.items,
    )
    expect(pcEvents.some((e: any) => e.correlationId === 'pc-7')).toBe(true)
  })
})
