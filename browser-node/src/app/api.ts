/**
 * The REST client of the dashboard: `rest` is the typed client (@stark/client) over a fetch that
 * carries the signed-in user's token, refreshes it once on a 401, and clears the session when
 * the refresh is refused. Tokens live in IndexedDB (never localStorage).
 */
import { createStarkClient, type StarkClient } from '@stark/client'
import type { KeyValueStore } from '../runtime/idb'

export interface Session {
  accessToken: string
  refreshToken: string
  email: string
  role: string
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
  const noStore: typeof fetch = (input, init) => fetch(input, { ...init, cache: 'no-store' })
  /** Calls without the session (sign-in and refresh). */
  const open = createStarkClient({ baseUrl, fetch: noStore })

  async function refresh(): Promise<boolean> {
    const current = session
    if (!current) return false
    try {
      const t = await open.post('/api/auth/refresh', { body: { refreshToken: current.refreshToken } })
      await set({ ...current, accessToken: t.accessToken, refreshToken: t.refreshToken })
      return true
    } catch (error) {
      if ((error as { status?: number }).status === 401) await set(undefined)
      return false
    }
  }

  const send = (input: RequestInfo | URL, init: RequestInit | undefined) => {
    const headers = new Headers(init?.headers)
    if (session) headers.set('authorization', `Bearer ${session.accessToken}`)
    return noStore(input, { ...init, headers })
  }
  const sessionFetch: typeof fetch = async (input, init) => {
    const res = await send(input, init)
    if (res.status !== 401 || !(await refresh())) return res
    return send(input, init)
  }
  const rest: StarkClient = createStarkClient({ baseUrl, fetch: sessionFetch })

  return {
    rest,
    async load(): Promise<Session | undefined> {
      if (!loaded) session = await store.get('user').catch(() => undefined)
      loaded = true
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
      const t = await open.post('/api/auth/login', { body: { email, password } })
      const s: Session = { accessToken: t.accessToken, refreshToken: t.refreshToken, email: t.user.email, role: t.user.role }
      await set(s)
      return s
    },
    async logout() {
      const current = session
      if (current)
        await createStarkClient({ baseUrl, fetch: noStore, token: current.accessToken })
          .post('/api/auth/logout')
          .catch(() => undefined)
      await set(undefined)
    },
    /** A fresh access token (refreshed if the last one was refused). */
    async accessToken(): Promise<string | undefined> {
      if (!session) return undefined
      await rest.get('/api/auth/whoami').catch(() => undefined)
      return session?.accessToken
    },
  }
}
export type Api = ReturnType<typeof createApi>
