import { z } from '@hono/zod-openapi'
import { badRequest } from '../errors'

/** `?limit=&cursor=` on every list route; the cursor is opaque (the last key, encoded). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(500).openapi({ description: 'Items per page (1–1000, default 500).' }),
  cursor: z.string().max(512).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
})

/** The items in a list's order: by their key. */
export const sortedBy = <T>(items: readonly T[], key: (item: T) => string): T[] =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))

export function paginate<T>(items: T[], key: (item: T) => string, page: { limit: number; cursor?: string | undefined }) {
  const sorted = sortedBy(items, key)
  let start = 0
  if (page.cursor) {
    let after: string
    try {
      after = Buffer.from(page.cursor, 'base64url').toString('utf8')
    } catch {
      throw badRequest('cursor is not valid')
    }
    start = sorted.findIndex((i) => key(i) > after)
    if (start < 0) start = sorted.length
  }
  const slice = sorted.slice(start, start + page.limit)
  const last = slice.at(-1)
  const more = start + page.limit < sorted.length
  return { items: slice, nextCursor: more && last ? Buffer.from(key(last), 'utf8').toString('base64url') : null }
}

export const pageOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })
