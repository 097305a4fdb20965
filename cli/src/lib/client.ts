/**
 * The typed REST client (`createClient` from @stark/server/client) with the CLI's session:
 * every request carries the stored access token; an expired token is refreshed once with the
 * refresh token (and the new pair saved) before the request is retried. Server errors become
 * CLIErrors with the server's message and a fitting exit code.
 */
import { createStarkClient, type ListPage, type ListPath, ProblemError, type StarkClient as RestClient } from '@stark/client'
import { failoverFetch } from './failover-fetch'
import { createClient, type StarkClient } from '@stark/server/client'
import { DetailedError, parseResponse, type ClientResponse } from 'hono/client'
import type { CliContext } from './context'
import type { Settings } from './config'
import { CLIError, ExitCode, exitCodeForStatus } from './errors'
import { readSession, writeSession, type Session } from './credentials'
import { insecureFetch } from './insecure-fetch'
import { supabaseRefresh } from './supabase-session'

export interface Api {
  client: StarkClient
  /** The same session through @stark/client: calls typed from the OpenAPI document. */
  rest: RestClient
  apiUrl: string
  /** The session in use (after any refresh), if logged in. */
  session(): Session | undefined
  /** A fetch that carries the session (for the one stream the typed client cannot read). */
  fetch: typeof fetch
}

/** Refresh this long before the access token expires, so a request does not race its expiry. */
const EXPIRY_SKEW_MS = 30_000

export const notLoggedIn = (apiUrl: string) =>
  new CLIError(
    `not logged in to ${apiUrl}: run stark auth login --email E (or stark auth setup on a new server)`,
    ExitCode.unauthenticated,
  )

const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')

/** fetch, with "connection refused" and friends turned into one readable error. */
export function reachingFetch(fetchFn: typeof fetch, apiUrl: string): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchFn(input, init)
    } catch (error) {
      if (isAbort(error)) throw error
      throw new CLIError(`cannot reach the Stark server at ${apiUrl} (is it running? stark server start)`, ExitCode.unavailable, {
        cause: error,
      })
    }
  }
}

/** The `error.message` of a `{ error: { code, message } }` body, if it is one. */
export function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined
  const error = body.error
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : undefined
}

/** A refused request as a CLIError: the server's message and an exit code for the status. */
export function responseError(status: number, body: unknown, cause?: unknown): CLIError {
  const fallback = `the server answered ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`
  const hint = status === 401 ? ' (log in again: stark auth login)' : ''
  return new CLIError((errorMessageOf(body) ?? fallback) + hint, exitCodeForStatus(status), { cause })
}

/** Any failed call as a CLIError. */
export function apiError(error: unknown): CLIError {
  if (error instanceof CLIError) return error
  if (error instanceof ProblemError) return responseError(error.status, error.problem, error)
  if (error instanceof DetailedError) {
    const detail: unknown = error.detail
    const data = typeof detail === 'object' && detail !== null && 'data' in detail ? detail.data : undefined
    return responseError(Number(error.statusCode ?? 0), data, error)
  }
  return new CLIError(error instanceof Error ? error.message : String(error), ExitCode.failure, { cause: error })
}

/** Awaits a typed-client call: its success body, or a CLIError. */
export async function call<T extends ClientResponse<unknown>>(request: Promise<T>) {
  try {
    return await parseResponse(request)
  } catch (error) {
    throw apiError(error)
  }
}

/** Every item of a paginated list (`{ items, nextCursor }`). */
export async function listAll<T>(
  page: (cursor: string | undefined) => Promise<Pick<ListPage<ListPath>, 'nextCursor'> & { items: T[] }>,
): Promise<T[]> {
  const all: T[] = []
  let cursor: string | undefined
  for (let n = 0; n < 10_000; n++) {
    const { items, nextCursor } = await page(cursor)
    all.push(...items)
    if (!nextCursor || nextCursor === cursor) break
    cursor = nextCursor
  }
  return all
}

export interface SessionFetchOptions {
  fetch: typeof fetch
  apiUrl: string
  home: string
  now(): number
  session: Session | undefined
}

/** A fetch that adds the session's bearer token and refreshes it (once) when it has expired. */
export function createSessionFetch(options: SessionFetchOptions): { fetch: typeof fetch; session(): Session | undefined } {
  const { apiUrl, home, now } = options
  const plain = reachingFetch(options.fetch, apiUrl)
  let session = options.session
  let refreshed = false

  async function refresh(current: Session): Promise<Session> {
    refreshed = true
    if (current.provider === 'supabase' && current.supabase) {
      const next = await supabaseRefresh(current, plain)
      writeSession(home, apiUrl, next)
      return next
    }
    const auth = createClient(apiUrl, { fetch: plain }).api.auth
    try {
      const t = await parseResponse(auth.refresh.$post({ json: { refreshToken: current.refreshToken } }))
      const next: Session = { ...current, accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt }
      writeSession(home, apiUrl, next)
      return next
    } catch (error) {
      if (error instanceof DetailedError && error.statusCode === 401) {
        // Another stark process may have refreshed first (the old refresh token is then spent).
        const stored = readSession(home, apiUrl)
        if (stored && stored.refreshToken !== current.refreshToken) return stored
        throw new CLIError(`your session at ${apiUrl} has expired: log in again (stark auth login)`, ExitCode.unauthenticated, {
          cause: error,
        })
      }
      throw apiError(error)
    }
  }

  const send = (input: Parameters<typeof fetch>[0], init: RequestInit | undefined, token: string | undefined) => {
    const headers = new Headers(init?.headers)
    if (token) headers.set('authorization', `Bearer ${token}`)
    return plain(input, { ...init, headers })
  }

  const sessionFetch: typeof fetch = async (input, init) => {
    if (!session) return send(input, init, undefined)
    if (!refreshed && Date.parse(session.expiresAt) - EXPIRY_SKEW_MS <= now()) session = await refresh(session)
    const res = await send(input, init, session.accessToken)
    if (res.status !== 401 || refreshed) return res
    await res.body?.cancel()
    session = await refresh(session)
    return send(input, init, session.accessToken)
  }
  return { fetch: sessionFetch, session: () => session }
}

export interface ConnectOptions {
  /**
   * `required` (default): fail with exit 3 when not logged in; `optional`: send the token if there
   * is one; `none`: send no token (login and setup, which must not trip over a stale session).
   */
  auth?: 'required' | 'optional' | 'none'
}

/** The typed client for the configured server, with the stored session. */
export function connect(ctx: CliContext, settings: Settings, options: ConnectOptions = {}): Api {
  const { apiUrl, home } = settings
  const auth = options.auth ?? 'required'
  const stored = auth === 'none' ? undefined : readSession(home, apiUrl)
  // -k/--insecure: accept a self-signed certificate (the server's --tls-self-signed).
  const s = createSessionFetch({
    fetch: failoverFetch(settings.insecure ? insecureFetch : ctx.fetch, settings.apiUrls ?? [apiUrl]),
    apiUrl,
    home,
    now: () => ctx.now(),
    session: stored,
  })
  // Without a session the request still goes out: an unreachable server is reported as such (exit 5),
  // and only the server's 401 becomes "not logged in" (exit 3).
  const fetchFn = !stored && auth === 'required' ? loginRequired(s.fetch, apiUrl) : s.fetch
  return {
    client: createClient(apiUrl, { fetch: fetchFn }),
    rest: createStarkClient({ baseUrl: apiUrl, fetch: fetchFn }),
    apiUrl,
    session: s.session,
    fetch: fetchFn,
  }
}

/** A fetch for a caller with no session: a 401 answer is "not logged in", with the way to log in. */
function loginRequired(fetchFn: typeof fetch, apiUrl: string): typeof fetch {
  return async (input, init) => {
    const res = await fetchFn(input, init)
    if (res.status !== 401) return res
    await res.body?.cancel()
    throw notLoggedIn(apiUrl)
  }
}
