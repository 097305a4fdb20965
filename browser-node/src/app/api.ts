/**
 * The REST client of the dashboard: a signed-in user's tokens live in IndexedDB (never
 * localStorage), are refreshed once on a 401, and cleared when the refresh fails.
 */
import { createStarkClient } from '@stark/client'
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

  async function refresh(): Promise<boolean> {
    if (!session) return false
    const res = await raw('POST', '/api/auth/refresh', { refreshToken: session.refreshToken }).catch(() => undefined)
    if (!res?.ok) {
      if (res && res.status === 401) await set(undefined)
      return false
    }
    const t = (await res.json()) as { accessToken: string; refreshToken: string }
    await set({ ...session, accessToken: t.accessToken, refreshToken: t.refreshToken })
    return true
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res = await raw(method, path, body, session?.accessToken)
    if (res.status === 401 && (await refresh())) res = await raw(method, path, body, session?.accessToken)
    const data = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
    if (!res.ok) throw new ApiError(res.status, data?.error?.message ?? `HTTP ${res.status}`)
    return data as T
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
        const me = await request<{ id: string }>('GET', '/api/auth/whoami').catch(() => undefined)
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
      const res = await raw('POST', '/api/auth/login', { email, password })
      const data = (await res.json().catch(() => ({}))) as {
        accessToken?: string
        refreshToken?: string
        user?: { id: string; email: string; role: string }
        error?: { message?: string }
      }
      if (!res.ok || !data.accessToken || !data.refreshToken || !data.user)
        throw new ApiError(res.status, data.error?.message ?? `HTTP ${res.status}`)
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
    get: <T>(path: string) => request<T>('GET', path),
    /** Opens a text/event-stream (`follow=true` routes) as the signed-in user. */
    async stream(path: string, signal: AbortSignal): Promise<Response> {
      let res = await fetch(baseUrl + path, { headers: auth(), signal, cache: 'no-store' })
      if (res.status === 401 && (await refresh()))
        res = await fetch(baseUrl + path, { headers: auth(), signal, cache: 'no-store' })
      if (!res.ok) {
        const data = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
        throw new ApiError(res.status, data?.error?.message ?? `HTTP ${res.status}`)
      }
      return res
    },
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
    del: <T>(path: string) => request<T>('DELETE', path),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  }
}
export type Api = ReturnType<typeof createApi>
