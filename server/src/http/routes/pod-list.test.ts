/**
 * The paged pod list through the app: each caller walks only what it may see, in namespace/name
 * order, with full pages (what it may not see never takes a place), and a cursor that keeps its
 * place while pods come and go.
 */
import { describe, expect, it } from 'vitest'
import type { Caller } from '../../testing/app-harness'
import { useAppHarness } from '../../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0'] })

async function walk(caller: Caller, limit: number, query = '') {
  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const r = await h.call('GET', `/api/pods?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, undefined, caller)
    expect(r.status).toBe(200)
    pages.push(r.body.items.map((p: { name: string }) => p.name))
    cursor = r.body.nextCursor
  } while (cursor)
  return pages
}

describe('paged pod list', () => {
  it('gives each caller full pages of what it may see, in order', async () => {
    const bundle = 'export default async function main() {}'
    expect((await h.call('POST', '/api/packs', { name: 'bobs', version: '1.0.0', bundle }, h.bob)).status).toBe(201)
    for (const name of ['a3', 'a1', 'a2'])
      expect((await h.call('POST', '/api/pods', { pack: 'hello', name }, h.alice)).status).toBe(201)
    for (const name of ['b2', 'a15', 'b1'])
      expect((await h.call('POST', '/api/pods', { pack: 'bobs', name }, h.bob)).status).toBe(201)

    expect(await walk(h.alice, 2)).toEqual([['a1', 'a2'], ['a3']])
    expect(await walk(h.bob, 2)).toEqual([['a15', 'b1'], ['b2']])
    expect(await walk(h.val, 2)).toEqual([
      ['a1', 'a15'],
      ['a2', 'a3'],
      ['b1', 'b2'],
    ])
    expect(await walk(h.admin, 4, '&namespace=default')).toEqual([
      ['a1', 'a15', 'a2', 'a3'],
      ['b1', 'b2'],
    ])
    expect(await walk(h.admin, 4, '&namespace=other')).toEqual([[]])
  })

  it('keeps its place across creations and deletions between pages', async () => {
    const first = await h.call('GET', '/api/pods?limit=2', undefined, h.alice)
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['a1', 'a2'])
    for (const name of ['a0', 'a25'])
      expect((await h.call('POST', '/api/pods', { pack: 'hello', name }, h.alice)).status).toBe(201)
    await h.call('DELETE', '/api/pods/a3', undefined, h.alice)
    await h.call('DELETE', '/api/pods/a3', undefined, h.alice)
    const next = await h.call('GET', `/api/pods?limit=2&cursor=${first.body.nextCursor}`, undefined, h.alice)
    expect(next.body.items.map((p: { name: string }) => p.name)).toEqual(['a25'])
    expect(next.body.nextCursor).toBeNull()
  })
})
