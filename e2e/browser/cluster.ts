/**
 * A real server (the built `stark` binary) with an admin, plus REST helpers the browser tests use
 * to register packs and create pods as any client would.
 */
import { startServer, tempHome, type StarkServer } from '../harness/stark'
import { until } from '../harness/processes'
import { jsonRequest } from '@stark/shared'

export interface TestCluster {
  url: string
  server: StarkServer
  home: { path: string; remove(): void }
  token: string
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>
  register(name: string, source: string, runtime?: 'node' | 'browser' | 'universal', version?: string): Promise<any>
  createPod(pack: string, extra?: Record<string, unknown>): Promise<any>
  pod(name: string): Promise<any>
  node(name: string): Promise<any>
  waitPod(name: string, ok: (p: any) => boolean, what: string, timeoutMs?: number): Promise<any>
  waitNode(name: string, ok: (n: any) => boolean, what: string, timeoutMs?: number): Promise<any>
  stop(): Promise<void>
}

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' }

export async function startCluster(env: NodeJS.ProcessEnv = {}): Promise<TestCluster> {
  const home = tempHome('stark-browser-')
  const server = await startServer({ home: home.path, env })
  const url = server.url
  const raw = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(url + path, jsonRequest(method, body, token))
    const text = await res.text()
    const data = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`)
    return data
  }
  const setup = await raw('POST', '/api/auth/setup', ADMIN)
  const token = setup.accessToken as string
  const api = (method: string, path: string, body?: unknown) => raw(method, path, body, token)
  const c: TestCluster = {
    url,
    server,
    home,
    token,
    api,
    register: (name, source, runtime = 'browser', version = '1.0.0') =>
      api('POST', '/api/packs', { name, version, runtime, bundle: source }),
    createPod: (pack, extra = {}) => api('POST', '/api/pods', { pack, ...extra }),
    pod: (name) => api('GET', `/api/pods/${name}`),
    node: (name) => api('GET', `/api/nodes/${name}`),
    waitPod: (name, ok, what, timeoutMs = 30_000) =>
      until(async () => ((p) => (ok(p) ? p : undefined))(await c.pod(name)), { timeoutMs, what }),
    waitNode: (name, ok, what, timeoutMs = 30_000) =>
      until(async () => ((n) => (ok(n) ? n : undefined))(await c.node(name).catch(() => undefined)), { timeoutMs, what }),
    async stop() {
      await server.stop()
      home.remove()
    },
  }
  return c
}
