/**
 * `201 Created` answers say where the new resource lives (`Location`, RFC 9110): the collection's
 * path plus the new object's name, with its namespace for namespaced kinds — the URL a client GETs
 * next. Packs live at `/api/packs/{name}/versions?namespace={namespace}`.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

const NAMESPACED = new Set(['/api/pods', '/api/services', '/api/secrets'])
const ITEMS = new Set(['/api/pods', '/api/services', '/api/secrets', '/api/namespaces', '/api/priorityclasses'])

/** The Location of what a POST to `collection` created, or undefined when it has no URL of its own. */
export function locationOf(collection: string, created: { name?: unknown; namespace?: unknown }): string | undefined {
  if (typeof created.name !== 'string') return undefined
  const name = encodeURIComponent(created.name)
  if (collection === '/api/packs')
    return `/api/packs/${name}/versions${typeof created.namespace === 'string' ? `?namespace=${encodeURIComponent(created.namespace)}` : ''}`
  if (!ITEMS.has(collection)) return undefined
  const ns =
    NAMESPACED.has(collection) && typeof created.namespace === 'string'
      ? `?namespace=${encodeURIComponent(created.namespace)}`
      : ''
  return `${collection}/${name}${ns}`
}

export function createdLocation() {
  return createMiddleware<AppEnv>(async function createdLocation(c, next) {
    await next()
    if (c.req.method !== 'POST' || c.res.status !== 201 || c.res.headers.has('location')) return
    const collection = c.req.path.replace(/\/+$/, '')
    if (!ITEMS.has(collection) && collection !== '/api/packs') return
    const body = await c.res
      .clone()
      .json()
      .catch(() => undefined)
    const location = body && typeof body === 'object' ? locationOf(collection, body) : undefined
    if (location) c.res.headers.set('location', location)
  })
}
