/**
 * Text no handler should ever see: NUL (PostgreSQL refuses it in text and jsonb, so it used to
 * surface as a 500) and lone UTF-16 surrogates (not text at all; they do not survive a round
 * trip through UTF-8). Checked in every string of a JSON body — keys and values, at any depth —
 * and in the decoded path and query. Answers 400 naming where it was found.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { badRequest } from '../../errors'
import type { AppEnv } from '../env'

const MAX_DEPTH = 200

/** Where in `value` a string with NUL or a lone surrogate sits ('' for the value itself), or undefined. */
export function findUnsafeText(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isUnsafe(value) ? path || '(value)' : undefined
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${path}[${i}]`, depth + 1)
      if (found) return found
    }
    return undefined
  }
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${printable(key)}` : printable(key)
    if (isUnsafe(key)) return `${here} (a key)`
    const found = findUnsafeText(v, here, depth + 1)
    if (found) return found
  }
  return undefined
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
export const isUnsafe = (s: string) => s.includes('\u0000') || s.search(LONE_SURROGATE) !== -1
const printable = (s: string) =>
  s
    .replace(/\u0000/g, '\\0')
    .replace(LONE_SURROGATE, '\uFFFD')
    .slice(0, 64)

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

const utf8 = new TextDecoder() // as fetch decodes a body: a leading BOM dropped, bad bytes replaced

/**
 * The JSON body, or undefined when there is none or it is not JSON (the route's validation
 * answers then). A body the body limit read ahead is parsed from its bytes and left where Hono's
 * `c.req.json()` finds it, so the route's validation takes the same value without a web Request
 * being built for it.
 */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const bytes = c.get('bodyBytes')
  if (bytes) {
    if (bytes.length === 0) return undefined
    try {
      const body: unknown = JSON.parse(utf8.decode(bytes))
      c.req.bodyCache.json = Promise.resolve(body)
      return body
    } catch {
      return undefined
    }
  }
  if (!c.req.raw.body) return undefined
  try {
    return await c.req.json()
  } catch {
    return undefined
  }
}

export function rejectUnsafeText() {
  return createMiddleware<AppEnv>(async function rejectUnsafeText(c, next) {
    const url = new URL(c.req.url)
    const path = decoded(url.pathname)
    if (path === undefined || isUnsafe(path)) throw badRequest('the path holds malformed escapes, NUL or unpaired surrogates')
    for (const part of url.search.slice(1).split('&')) {
      const text = decoded(part)
      if (text === undefined || isUnsafe(text))
        throw badRequest(
          `query parameter ${JSON.stringify(printable(decoded(part.split('=')[0] ?? '') ?? '?'))} holds malformed escapes, NUL or unpaired surrogates`,
        )
    }
    if (/\bjson\b/i.test(c.req.header('content-type') ?? '')) {
      const body = await jsonBody(c)
      const where = findUnsafeText(body)
      if (where) throw badRequest(`invalid request: ${where}: text must not contain NUL characters or unpaired surrogates`)
    }
    await next()
  })
}
