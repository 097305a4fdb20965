/** Reads every page of a REST list (`?limit=&cursor=` → `nextCursor`), one page after another. */
import type { ListItem, ListPage, StarkClient } from '@stark/client'

/** The lists the dashboard reads whole, and what each may be filtered by. */
type DashboardList = '/api/nodes' | '/api/pods' | '/api/services'
type Filter = { namespace?: string | undefined }

export async function listAll<P extends DashboardList>(
  rest: Pick<StarkClient, 'get'>,
  path: P,
  filter: Filter = {},
  pageSize = 500,
  maxPages = 100,
): Promise<ListItem<P>[]> {
  // The three lists share `limit`, `cursor` and (pods, services) `namespace`: one signature reads them all.
  const get = rest.get as unknown as (
    path: P,
    init: { query: Filter & { limit: number; cursor?: string } },
  ) => Promise<Omit<ListPage<P>, 'items'> & { items: ListItem<P>[] }>
  const items: ListItem<P>[] = []
  let cursor: string | null | undefined
  for (let page = 0; page < maxPages; page++) {
    const r = await get(path, { query: { ...filter, limit: pageSize, ...(cursor ? { cursor } : {}) } })
    items.push(...r.items)
    cursor = r.nextCursor
    if (!cursor) break
  }
  return items
}
