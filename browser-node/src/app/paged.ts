/** Reads every page of a REST list (`?limit=&cursor=` → `nextCursor`), one page after another. */
import type { ListAnswer } from '@stark/shared'
import type { Api } from './api'

export async function listAll<T>(api: Pick<Api, 'get'>, path: string, pageSize = 500, maxPages = 100): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null | undefined
  const sep = path.includes('?') ? '&' : '?'
  for (let page = 0; page < maxPages; page++) {
    const r = await api.get<ListAnswer<T>>(
      `${path}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    items.push(...r.items)
    cursor = r.nextCursor
    if (!cursor) break
  }
  return items
}
