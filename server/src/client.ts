/**
 * The typed REST client (Hono RPC): `createClient(baseUrl, { token })` gives
 * `client.api.pods.$post({ json })` etc., typed from the server's own routes.
 */
import { hc } from 'hono/client'
import type { AppType } from './http/app'

export type { AppType }
export type StarkClient = ReturnType<typeof hc<AppType>>

export interface ClientOptions {
  token?: string | undefined
  fetch?: typeof fetch
  headers?: Record<string, string>
}

export function createClient(baseUrl: string, options: ClientOptions = {}): StarkClient {
  return hc<AppType>(baseUrl.replace(/\/+$/, ''), {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: () => ({ ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) }),
  })
}
