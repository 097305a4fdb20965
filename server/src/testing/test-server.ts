/**
 * A real server on an ephemeral port over a real test database, for integration tests.
 */
import { randomBytes } from 'node:crypto'
import { silentLogger, type Clock, type Logger } from '@stark/shared'
import { defaultConfig, type ServerConfig } from '../config'
import { startServer, type RunningServer } from '../server'
import type { SqlClient } from '../db/sql'
import { callApi, type ApiAnswer } from './api-call'
import { openTestDatabase, type Engine } from './databases'

export interface TestServer extends RunningServer {
  /** Calls the REST API with JSON; returns status and parsed body. */
  api(method: string, path: string, body?: unknown, token?: string): Promise<ApiAnswer>
  /** Creates the first admin and returns an access token. */
  admin(): Promise<string>
}

export async function startTestServer(
  options: {
    engine?: Engine
    config?: Partial<ServerConfig>
    clock?: Clock
    log?: Logger
    wrapDb?: (db: SqlClient) => SqlClient
  } = {},
): Promise<TestServer> {
  const opened = await openTestDatabase(options.engine ?? 'pglite')
  if (!opened) throw new Error(`no ${options.engine} test database`)
  const server = await startServer({
    // A key of its own, so no test writes $HOME/.stark/secret.key.
    config: { ...defaultConfig({}), port: 0, secretKey: randomBytes(32).toString('base64'), ...options.config },
    db: options.wrapDb ? options.wrapDb(opened.db) : opened.db,
    log: options.log ?? silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  const api: TestServer['api'] = (method, path, body, token) => callApi(server.url, method, path, { body, token })
  return {
    ...server,
    api,
    async admin() {
      const r = await api('POST', '/api/auth/setup', { email: 'admin@example.com', password: 'test-password-1' })
      if (r.status !== 201) throw new Error(`setup failed: ${JSON.stringify(r.body)}`)
      return r.body.accessToken as string
    },
    async close() {
      await server.close()
      await opened.close().catch(() => {})
    },
  }
}
