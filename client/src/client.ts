/**
 * The typed REST client: one method per HTTP verb, typed by path from the generated OpenAPI
 * types. `client.get('/api/pods/{ref}', { params: { ref } })` answers the pod; a refused
 * request throws a ProblemError. Nothing but fetch, so it runs in Node and in browsers.
 */
import { ProblemError } from './problem-error'
import type { paths } from './schema'
import type { InitArgs, Method, Operation, PathsFor, RequestInit, ResponseOf } from './types'

export interface ClientOptions {
  /** The server's URL (`https://stark.example.com`); paths are appended to it. */
  baseUrl: string
  /** The fetch to send with (default: the global one): the place for sessions, retries, failover. */
  fetch?: typeof fetch
  /** A bearer token, or a function that gives the current one. */
  token?: string | (() => string | undefined | Promise<string | undefined>)
  /** Headers sent with every request. */
  headers?: Record<string, string>
}

type Call<M extends Method> = <P extends PathsFor<M>>(path: P, ...init: InitArgs<Operation<P, M>>) => Promise<ResponseOf<P, M>>

export interface StarkClient {
  get: Call<'get'>
  post: Call<'post'>
  put: Call<'put'>
  patch: Call<'patch'>
  delete: Call<'delete'>
  /** The URL a call would go to (for streams the typed methods do not read, such as `?follow=true`). */
  url<P extends keyof paths>(path: P, init?: { params?: Record<string, string>; query?: Record<string, unknown> }): string
}

type AnyInit = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } & Pick<
  RequestInit<unknown>,
  'headers' | 'signal'
>

function urlOf(baseUrl: string, path: string, init: AnyInit | undefined): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = init?.params?.[name]
    if (value === undefined) throw new TypeError(`${path}: the path parameter ${name} is missing`)
    return encodeURIComponent(value)
  })
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(init?.query ?? {})) {
    if (value === undefined || value === null) continue
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one))
  }
  const query = search.toString()
  return baseUrl + filled + (query ? `?${query}` : '')
}

async function bodyOf(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return undefined
  const type = res.headers.get('content-type') ?? ''
  if (!type.includes('json')) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function createStarkClient(options: ClientOptions): StarkClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: globalThis.RequestInit) => fetch(input, init))

  async function call(method: Method, path: string, init?: AnyInit): Promise<unknown> {
    const url = urlOf(baseUrl, path, init)
    const token = typeof options.token === 'function' ? await options.token() : options.token
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...init?.headers }
    if (token) headers.authorization = `Bearer ${token}`
    if (init?.body !== undefined) headers['content-type'] = 'application/json'
    const res = await send(url, {
      method: method.toUpperCase(),
      headers,
      ...(init?.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init?.signal ? { signal: init.signal } : {}),
    })
    const body = await bodyOf(res)
    if (!res.ok) throw new ProblemError(res.status, body, new URL(url, 'http://x').pathname)
    return body
  }

  const verb =
    <M extends Method>(method: M): Call<M> =>
    (path, ...init) =>
      call(method, path, init[0] as AnyInit | undefined) as never
  return {
    get: verb('get'),
    post: verb('post'),
    put: verb('put'),
    patch: verb('patch'),
    delete: verb('delete'),
    url: (path, init) => urlOf(baseUrl, path, init),
  }
}
