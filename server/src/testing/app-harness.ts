/**
 * The application layer as its callers reach it, in-process: a test server on a fresh PGlite
 * database, each request handed to the app with `app.request()` (no socket, no port), and
 * signed-in callers of every role. The unit tests beside the `*-ops.ts` modules use it; records a
 * test needs that no REST call makes (a connected node) go through the server's write path.
 */
import { jsonRequest } from '@stark/shared'
import { afterAll, beforeAll } from 'vitest'
import { readAnswer, type ApiAnswer } from './api-call'
import { startTestServer, type TestServer } from './test-server'

export interface Caller {
  id: string
  token: string
}

export interface AppHarness {
  server: TestServer
  admin: Caller
  /** A request to the app as `caller` (none: anonymous). */
  call(method: string, path: string, body?: unknown, caller?: Caller): Promise<ApiAnswer>
  /** A new user with `role`, signed in. */
  user(name: string, role?: 'user' | 'viewer' | 'admin'): Promise<Caller>
  close(): Promise<void>
}

export async function startAppHarness(): Promise<AppHarness> {
  const server = await startTestServer()
  const call: AppHarness['call'] = async (method, path, body, caller) =>
    readAnswer(await server.app.request(path, jsonRequest(method, body, caller?.token)))
  const expect = async (answer: Promise<ApiAnswer>, status: number, what: string) => {
    const r = await answer
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  const adminToken = await server.admin()
  const whoami = await expect(call('GET', '/api/auth/whoami', undefined, { id: '', token: adminToken }), 200, 'whoami')
  const admin: Caller = { id: whoami.id, token: adminToken }
  return {
    server,
    admin,
    call,
    async user(name, role = 'user') {
      const credentials = { email: `${name}@example.com`, password: `${name}-long-password-1` }
      const created = await expect(call('POST', '/api/auth/register', { ...credentials, role }, admin), 201, `register ${name}`)
      const tokens = await expect(call('POST', '/api/auth/login', credentials), 200, `login ${name}`)
      return { id: created.user.id, token: tokens.accessToken }
    },
    close: () => server.close(),
  }
}

export interface AppSuite extends AppHarness {
  /** Users `alice` and `bob`, and `val`, a viewer. */
  alice: Caller
  bob: Caller
  val: Caller
}

/**
 * For one test file: a harness started before its tests, with users alice and bob, viewer val and
 * alice's `packs` (name → versions), and closed after them.
 */
export function useAppHarness(packs: Record<string, readonly string[]> = {}): AppSuite {
  let started: { h: AppHarness; alice: Caller; bob: Caller; val: Caller } | undefined
  beforeAll(async () => {
    const h = await startAppHarness()
    const [alice, bob, val] = [await h.user('alice'), await h.user('bob'), await h.user('val', 'viewer')]
    for (const [name, versions] of Object.entries(packs))
      for (const version of versions) {
        const r = await h.call('POST', '/api/packs', { name, version, bundle: `// ${name}@${version}` }, alice)
        if (r.status !== 201) throw new Error(`pack ${name}@${version}: ${r.status} ${JSON.stringify(r.body)}`)
      }
    started = { h, alice, bob, val }
  }, 180_000)
  afterAll(() => started?.h.close())
  const get = () => {
    if (!started) throw new Error('the harness starts in beforeAll')
    return started
  }
  return {
    get server() {
      return get().h.server
    },
    get admin() {
      return get().h.admin
    },
    get alice() {
      return get().alice
    },
    get bob() {
      return get().bob
    },
    get val() {
      return get().val
    },
    call: (...a) => get().h.call(...a),
    user: (...a) => get().h.user(...a),
    close: () => get().h.close(),
  }
}
