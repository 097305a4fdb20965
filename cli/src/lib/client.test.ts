import { afterEach, describe, expect, it } from 'vitest'
import { testContext, type TestContext } from '../testing/test-context'
import { call, connect, listAll } from './client'
import { resolveSettings } from './config'
import { readSession, writeSession, type Session } from './credentials'
import { CLIError, ExitCode } from './errors'

const API = 'http://127.0.0.1:8080'
const NOW = Date.parse('2026-11-27T12:00:00Z')
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** A tiny stand-in for the server's auth: one valid access token and one valid refresh token. */
function fakeAuthServer() {
  const server = {
    access: 'access-1',
    refresh: 'refresh-1',
    refreshCalls: 0,
    seen: [] as string[],
    generation: 1,
    rejectAll: false,
  }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input))
    const auth = new Headers(init?.headers).get('authorization') ?? ''
    server.seen.push(`${init?.method ?? 'GET'} ${url.pathname} ${auth}`)
    if (url.pathname === '/api/auth/refresh') {
      server.refreshCalls++
      const { refreshToken } = JSON.parse(String(init?.body)) as { refreshToken: string }
      if (refreshToken !== server.refresh)
        return json(401, { error: { code: 'unauthorized', message: 'refresh token is not valid' } })
      server.generation++
      server.access = `access-${server.generation}`
      server.refresh = `refresh-${server.generation}`
      return json(200, { accessToken: server.access, refreshToken: server.refresh, expiresAt: '2026-11-27T13:00:00.000Z' })
    }
    if (server.rejectAll || auth !== `Bearer ${server.access}`)
      return json(401, { error: { code: 'unauthorized', message: 'token expired' } })
    if (url.pathname === '/api/auth/whoami') return json(200, { kind: 'user', id: 'u1', role: 'admin', email: 'ada@example.com' })
    if (url.pathname === '/api/pods/missing') return json(404, { error: { code: 'not_found', message: 'pod missing not found' } })
    return json(404, { error: { code: 'not_found', message: 'no route' } })
  }
  return { server, fetch }
}

const session = (over: Partial<Session> = {}): Session => ({
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresAt: '2026-11-27T12:30:00.000Z',
  email: 'ada@example.com',
  ...over,
})

let ctx: TestContext
afterEach(() => ctx?.cleanup())

function setup(stored: Session | undefined) {
  const fake = fakeAuthServer()
  ctx = testContext({ fetch: fake.fetch, now: () => NOW })
  if (stored) writeSession(ctx.home, API, stored)
  const api = connect(ctx, resolveSettings(ctx, {}), { auth: 'optional' })
  return { ...fake, api }
}

async function failure(promise: Promise<unknown>): Promise<CLIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CLIError)
  return error as CLIError
}

describe('session and token refresh', () => {
  it('sends the stored access token', async () => {
    const { api, server } = setup(session())
    await expect(call(api.client.api.auth.whoami.$get())).resolves.toMatchObject({ email: 'ada@example.com' })
    expect(server.seen).toEqual(['GET /api/auth/whoami Bearer access-1'])
  })

  it('refreshes an expired access token first, saves the new pair, and uses it', async () => {
    const { api, server } = setup(session({ expiresAt: '2026-11-27T11:00:00.000Z' }))
    await expect(call(api.client.api.auth.whoami.$get())).resolves.toMatchObject({ role: 'admin' })
    expect(server.refreshCalls).toBe(1)
    expect(server.seen.at(-1)).toBe('GET /api/auth/whoami Bearer access-2')
    expect(readSession(ctx.home, API)).toEqual(
      session({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: '2026-11-27T13:00:00.000Z' }),
    )
  })

  it('refreshes once on a 401 and retries the request', async () => {
    const { api, server } = setup(session())
    server.access = 'revoked-elsewhere'
    server.refresh = 'refresh-1'
    await expect(call(api.client.api.auth.whoami.$get())).resolves.toMatchObject({ id: 'u1' })
    expect(server.refreshCalls).toBe(1)
    expect(server.seen).toEqual([
      'GET /api/auth/whoami Bearer access-1',
      'POST /api/auth/refresh ',
      'GET /api/auth/whoami Bearer access-2',
    ])
  })

  it('refreshes at most once: a second 401 is "not authenticated" (exit 3)', async () => {
    const { api, server } = setup(session())
    server.rejectAll = true
    const error = await failure(call(api.client.api.auth.whoami.$get()))
    expect(error.exitCode).toBe(ExitCode.unauthenticated)
    expect(error.message).toBe('token expired (log in again: stark auth login)')
    expect(server.refreshCalls).toBe(1)
    expect(server.seen.filter((s) => s.startsWith('GET'))).toHaveLength(2)
  })

  it('says the session expired when the refresh token is refused (exit 3)', async () => {
    const { api, server } = setup(session({ expiresAt: '2026-11-27T11:00:00.000Z' }))
    server.refresh = 'something-else'
    const error = await failure(call(api.client.api.auth.whoami.$get()))
    expect(error.exitCode).toBe(ExitCode.unauthenticated)
    expect(error.message).toBe(`your session at ${API} has expired: log in again (stark auth login)`)
  })

  it('adopts the pair another stark process saved when its refresh won the race', async () => {
    const { api, server } = setup(session({ expiresAt: '2026-11-27T11:00:00.000Z' }))
    // Another process refreshed after we read the file: our refresh token is spent.
    server.generation = 5
    server.access = 'access-5'
    server.refresh = 'refresh-5'
    writeSession(
      ctx.home,
      API,
      session({ accessToken: 'access-5', refreshToken: 'refresh-5', expiresAt: '2026-11-27T13:00:00.000Z' }),
    )
    await expect(call(api.client.api.auth.whoami.$get())).resolves.toMatchObject({ id: 'u1' })
    expect(server.seen.at(-1)).toBe('GET /api/auth/whoami Bearer access-5')
  })

  it('without a session, asks the server: its 401 is "not logged in" (exit 3), no answer is "unreachable" (exit 5)', async () => {
    const sent: (string | null)[] = []
    ctx = testContext({
      fetch: async (_input, init) => {
        sent.push(new Headers(init?.headers).get('authorization'))
        return Response.json({ error: { code: 'unauthenticated', message: 'no token' } }, { status: 401 })
      },
    })
    const refused = await call(connect(ctx, resolveSettings(ctx, {})).client.api.pods.$get({ query: {} })).catch((e) => e)
    expect(refused).toBeInstanceOf(CLIError)
    expect((refused as CLIError).exitCode).toBe(ExitCode.unauthenticated)
    expect((refused as CLIError).message).toMatch(/^not logged in to /)
    expect(sent).toEqual([null])

    ctx = testContext({
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    const unreachable = await call(connect(ctx, resolveSettings(ctx, {})).client.api.pods.$get({ query: {} })).catch((e) => e)
    expect((unreachable as CLIError).exitCode).toBe(ExitCode.unavailable)
  })
})

describe('errors', () => {
  it("maps the server's error to its message and an exit code", async () => {
    const { api } = setup(session())
    const error = await failure(call(api.client.api.pods[':ref'].$get({ param: { ref: 'missing' }, query: {} })))
    expect(error.message).toBe('pod missing not found')
    expect(error.exitCode).toBe(ExitCode.notFound)
  })

  it('says so when the server cannot be reached (exit 5)', async () => {
    ctx = testContext({
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })
      },
    })
    const api = connect(ctx, resolveSettings(ctx, {}), { auth: 'none' })
    const error = await failure(call(api.client.api.auth.whoami.$get()))
    expect(error.exitCode).toBe(ExitCode.unavailable)
    expect(error.message).toBe(`cannot reach the Stark server at ${API} (is it running? stark server start)`)
  })
})

describe('listAll', () => {
  it('follows nextCursor until the last page', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      '': { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [], nextCursor: null },
    }
    const asked: (string | undefined)[] = []
    const all = await listAll(async (cursor) => {
      asked.push(cursor)
      return pages[cursor ?? '']!
    })
    expect(all).toEqual([1, 2, 3])
    expect(asked).toEqual([undefined, 'b', 'c'])
  })
})
