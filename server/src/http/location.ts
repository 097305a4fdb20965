/**
 * `201 Created` answers say where the new resource lives (`Location`, RFC 9110): the collection's
 * path plus the new object's name, with its namespace for namespaced kinds — the URL a client GETs
 * next. Packs live at `/api/packs/{name}/versions?namespace={namespace}`.
 */
import type { Context } from 'hono'

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

/**
 * Sets a 201 answer's Location from the object the POST created (the route's own path is the
 * collection) and returns the object, for `c.json(withLocation(c, created), 201)`.
 */
export function withLocation<T extends { name?: unknown; namespace?: unknown }>(c: Context, created: T): T {
  const location = locationOf(c.req.path.replace(/\/+$/, ''), created)
  if (location) c.header('location', location)
  return created
}
