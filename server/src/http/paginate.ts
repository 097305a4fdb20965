import { z } from '@hono/zod-openapi'
import { badRequest } from '../errors'
import type { SortedIndex } from '../state/sorted-index'

/** `?limit=&cursor=` on every list route; the cursor is opaque (the last key, encoded). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(500).openapi({ description: 'Items per page (1–1000, default 500).' }),
  cursor: z.string().max(512).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
})

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The items in a list's order: by their key. */
export const sortedBy = <T>(items: readonly T[], key: (item: T) => string): T[] =>
  items
    .map((item) => ({ item, k: key(item) }))
    .sort((a, b) => byKey(a.k, b.k))
    .map((e) => e.item)

interface Keyed<T> {
  item: T
  k: string
}

/**
 * The `size` smallest keys among what `offer` is given, in a max-heap: one pass over n items is
 * O(n log size), where sorting them all for each page was O(n log n) (50,000 pods, 500 a page).
 */
function smallest<T>(size: number) {
  const heap: Keyed<T>[] = []
  const swap = (i: number, j: number) => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let top = i
      if (l < heap.length && heap[l]!.k > heap[top]!.k) top = l
      if (r < heap.length && heap[r]!.k > heap[top]!.k) top = r
      if (top === i) return
      swap(i, top)
      i = top
    }
  }
  return {
    offer(e: Keyed<T>) {
      if (heap.length < size) {
        heap.push(e)
        for (let i = heap.length - 1; i > 0; ) {
          const parent = (i - 1) >> 1
          if (heap[parent]!.k >= heap[i]!.k) break
          swap(i, parent)
          i = parent
        }
      } else if (e.k < heap[0]!.k) {
        heap[0] = e
        down(0)
      }
    },
    sorted: () => heap.sort((a, b) => byKey(a.k, b.k)),
  }
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url')

function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined
  try {
    return Buffer.from(cursor, 'base64url').toString('utf8')
  } catch {
    throw badRequest('cursor is not valid')
  }
}

/**
 * One page of a list in key order, after the cursor's key: the items are scanned once (filtered by
 * `shows`, when given) and only the page is sorted.
 */
export function paginate<T>(
  items: Iterable<T>,
  key: (item: T) => string,
  page: { limit: number; cursor?: string | undefined },
  shows?: (item: T) => boolean,
) {
  const after = decodeCursor(page.cursor)
  // One more than a page: whether it exists says whether there is a next page.
  const best = smallest<T>(page.limit + 1)
  for (const item of items) {
    if (shows && !shows(item)) continue
    const k = key(item)
    if (after === undefined || k > after) best.offer({ item, k })
  }
  const sorted = best.sorted()
  const more = sorted.length > page.limit
  const slice = more ? sorted.slice(0, page.limit) : sorted
  const last = slice.at(-1)
  return { items: slice.map((e) => e.item), nextCursor: more && last ? encodeCursor(last.k) : null }
}

/**
 * One page of a list kept in key order (`SortedIndex`), after the cursor's key: a walk from the
 * cursor that stops once the page is full, each record filtered by `shows` (the caller's policy
 * and query) before it counts. `prefix` narrows the walk to keys starting with it (a namespace).
 */
export function paginateSorted<T>(
  index: SortedIndex<T>,
  page: { limit: number; cursor?: string | undefined },
  shows?: (item: T) => boolean,
  prefix?: string,
) {
  const items: T[] = []
  let last: string | undefined
  for (const { key, item } of index.after(decodeCursor(page.cursor), prefix)) {
    if (shows && !shows(item)) continue
    // One more than a page: whether it exists says whether there is a next page.
    if (items.length === page.limit) return { items, nextCursor: encodeCursor(last!) }
    items.push(item)
    last = key
  }
  return { items, nextCursor: null }
}

export const pageOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })
