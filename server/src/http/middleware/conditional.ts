/**
 * Optimistic concurrency over HTTP (RFC 9110 conditional requests). A GET of one object answers
 * with an `ETag`: its `resourceVersion`, a digest of the object as this server shows it — any change
 * to it gives another version. The object carries it too (`resourceVersion`, the tag without its
 * quotes, added after the digest is taken). `If-None-Match` on that GET answers 304 when nothing
 * changed.
 * PUT, PATCH and DELETE honour `If-Match`: the change happens only when the object is still at that
 * version (or exists at all, for `*`); otherwise 412, and nothing is changed. Conditional writes to
 * one object are taken one at a time, so of two writers holding the same version exactly one wins.
 */
import { createHash } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { problem } from '../problem'

/** The kinds whose objects answer conditional requests, by their collection's path segment. */
export const VERSIONED_KINDS = ['pods', 'services', 'nodes', 'namespaces', 'secrets', 'priorityclasses', 'users'] as const

/** `/api/<kind>/<name>`: one object (not a list, not a sub-resource such as logs). */
const OBJECT_PATH = new RegExp(`^/api/(${VERSIONED_KINDS.join('|')})/[^/]+$`)

/** The strong entity tag of a representation: a quoted digest of its bytes. */
export function entityTag(body: ArrayBuffer | string): string {
  const bytes = typeof body === 'string' ? body : new Uint8Array(body)
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`
}

/**
 * Whether an `If-Match` / `If-None-Match` header value names `tag` (or is `*`). A bare
 * `resourceVersion`, as the object shows it, names the same version as its quoted tag.
 */
export function matchesTag(header: string, tag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === tag || `"${t}"` === tag)
}

/** The object's JSON with its `resourceVersion` (the tag unquoted) as its last member. */
function withVersion(json: string, tag: string): string | undefined {
  const end = json.lastIndexOf('}')
  if (!json.startsWith('{') || end < 0 || json.slice(end + 1).trim() !== '') return undefined
  const inner = json.slice(1, end).trim()
  return `{${inner}${inner ? ',' : ''}"resourceVersion":${JSON.stringify(tag.slice(1, -1))}}`
}

export function conditionalRequests(fetchSelf: (request: Request) => Promise<Response>) {
  const queues = new Map<string, Promise<unknown>>()
  /** Runs `fn` after every earlier conditional write to the same object. */
  const oneAtATime = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = queues.get(key) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const tail = run.catch(() => undefined)
    queues.set(key, tail)
    try {
      return await run
    } finally {
      if (queues.get(key) === tail) queues.delete(key)
    }
  }

  return createMiddleware<AppEnv>(async function conditional(c, next) {
    if (!OBJECT_PATH.test(c.req.path)) return next()
    const method = c.req.method
    if (method === 'GET') {
      await next()
      if (c.res.status !== 200 || !c.res.headers.get('content-type')?.includes('json')) return
      const text = await c.res.clone().text()
      const tag = entityTag(text)
      const ifNoneMatch = c.req.header('if-none-match')
      if (ifNoneMatch && matchesTag(ifNoneMatch, tag)) {
        c.res = new Response(null, { status: 304, headers: { etag: tag } })
        return
      }
      c.res.headers.set('etag', tag)
      const versioned = withVersion(text, tag)
      if (versioned === undefined) return
      // Hono carries the old answer's headers over to the new one: its length no longer holds.
      c.res.headers.delete('content-length')
      c.res = new Response(versioned, { status: c.res.status, headers: c.res.headers })
      return
    }
    const ifMatch = c.req.header('if-match')
    if (!ifMatch || !['PUT', 'PATCH', 'DELETE'].includes(method)) return next()
    return oneAtATime(c.req.path, async () => {
      const current = await fetchSelf(
        new Request(new URL(c.req.url), { method: 'GET', headers: { authorization: c.req.header('authorization') ?? '' } }),
      )
      if (current.status !== 200) {
        await current.body?.cancel()
        return current.status === 404
          ? problem(c, 412, 'precondition_failed', `${c.req.path} does not exist, so it is not at the version If-Match names`)
          : current
      }
      const tag = current.headers.get('etag') ?? entityTag(await current.arrayBuffer())
      if (!matchesTag(ifMatch, tag)) {
        return problem(
          c,
          412,
          'precondition_failed',
          `${c.req.path} changed since you read it (now at ${tag}); read it again and retry`,
          {
            details: { resourceVersion: tag },
          },
        )
      }
      await next()
      return c.res
    })
  })
}
