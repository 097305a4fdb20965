/**
 * The REST client of the dashboard: a signed-in user's tokens live in IndexedDB (never
 * localStorage), are refreshed once on a 401, and cleared when the refresh fails.
 */
import { createStarkClient, type Problem, ProblemError } from '@stark/client'
import type { KeyValueStore } from '../runtime/idb'

export interface Session {
  accessToken: string
  refreshToken: string
  email: string
  role: string
  /** The user's id (what the server's objects carry as ownerId); absent in sessions saved before it was kept. */
  id?: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export function createApi(baseUrl: string, store: KeyValueStore<Session>) {
  let session: Session | undefined
  let loaded = false
  const listeners = new Set<(s: Session | undefined) => void>()
  const set = async (s: Session | undefined) => {
    session = s
    if (s) await store.put('user', s)
    else await store.delete('user')
    for (const l of listeners) l(s)
  }

  async function raw(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
    return fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
    })
  }

  const auth = (): Record<string, string> => (session ? { authorization: `Bearer ${session.accessToken}` } : {})

  /** The typed client without the session: signing in and refreshing. */
  const anonymous = createStarkClient({ baseUrl, fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) })

  async function refresh(): Promise<boolean> {
    if (!session) return false
    const t = await anonymous
      .post('/api/auth/refresh', { body: { refreshToken: session.refreshToken } })
      .catch((error: unknown) => (error instanceof ProblemError ? error : undefined))
    if (!t || t instanceof ProblemError) {
      if (t?.status === 401) await set(undefined)
      return false
    }
    await set({ ...session, accessToken: t.accessToken, refreshToken: t.refreshToken })
    return true
  }

  /** The typed client (@stark/client) as the signed-in user: the token, and one refresh on a 401. */
  const sessionFetch: typeof fetch = async (input, init) => {
    const send = () => {
      const headers = new Headers(init?.headers)
      if (session) headers.set('authorization', `Bearer ${session.accessToken}`)
      return fetch(input, { ...init, headers, cache: 'no-store' })
    }
    const res = await send()
    if (res.status !== 401 || !(await refresh())) return res
    return send()
  }
  const rest = createStarkClient({ baseUrl, fetch: sessionFetch })

  return {
    rest,
    async load(): Promise<Session | undefined> {
      if (!loaded) session = await store.get('user').catch(() => undefined)
      loaded = true
      if (session && !session.id) {
        const me = await rest.get('/api/auth/whoami').catch(() => undefined)
        if (me && session) await set({ ...session, id: me.id })
      }
      return session
    },
    get session() {
      return session
    },
    onSession(fn: (s: Session | undefined) => void) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    async login(email: string, password: string): Promise<Session> {
      const data = await anonymous.post('/api/auth/login', { body: { email, password } })
      const s: Session = {
        accessToken: data.accessToken,
        refreshToken: data.refreshToken,
        email: data.user.email,
        role: data.user.role,
        id: data.user.id,
      }
      await set(s)
      return s
    },
    async logout() {
      if (session) await raw('POST', '/api/auth/logout', undefined, session.accessToken).catch(() => undefined)
      await set(undefined)
    },
    /** A fresh access token (refreshed if the last one was refused). */
    async accessToken(): Promise<string | undefined> {
      if (!session) return undefined
      const res = await raw('GET', '/api/auth/whoami', undefined, session.accessToken).catch(() => undefined)
      if (res?.status === 401) await refresh()
      return session?.accessToken
    },
    /** Opens a text/event-stream (`follow=true` routes; the URL from `rest.url`) as the signed-in user. */
    async stream(url: string, signal: AbortSignal): Promise<Response> {
      let res = await fetch(url, { headers: auth(), signal, cache: 'no-store' })
      if (res.status === 401 && (await refresh())) res = await fetch(url, { headers: auth(), signal, cache: 'no-store' })
      if (!res.ok) {
        const data = (await res.json().catch(() => undefined)) as Problem | undefined
        throw new ApiError(res.status, data?.detail ?? `HTTP ${res.status}`)
      }
      return res
    },
  }
}
export type Api = ReturnType<typeof createApi>
