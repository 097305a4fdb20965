import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from './pglite-client'
import { createStatementCache } from './pglite-statements'

type Client = Awaited<ReturnType<typeof openPglite>>

describe('prepared statements on PGlite', () => {
  let client: Client
  beforeAll(async () => {
    client = await openPglite()
    await client.exec(`create table things (
      id uuid primary key, name text not null unique, n integer, big bigint, ratio double precision,
      ok boolean, spec jsonb, tags text[], at timestamptz, note text)`)
  }, 60_000)
  afterAll(() => client.close())

  const row = {
    id: '7f1c2b8e-3d4a-4b5c-8d6e-9f0a1b2c3d4e',
    name: 'first',
    n: 42,
    big: '9007199254740993',
    ratio: 0.25,
    ok: true,
    spec: { a: [1, 2, { b: 'c' }], d: null },
    tags: ['x', 'y z'],
    at: new Date('2026-12-07T10:11:12.345Z'),
    note: null,
  }
  const insert = `insert into things (id, name, n, big, ratio, ok, spec, tags, at, note)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
  const params = (r: typeof row) => [r.id, r.name, r.n, r.big, r.ratio, r.ok, r.spec, r.tags, r.at, r.note]

  it('serializes parameters and parses rows exactly as PGlite’s own query() does', async () => {
    await client.query(insert, params(row))
    await client.db.query(insert, params({ ...row, id: 'a4a4a4a4-0000-4000-8000-000000000001', name: 'second' }))
    const text = 'select * from things order by name'
    const mine = await client.query(text)
    const theirs = (await client.db.query(text)).rows
    expect(mine).toEqual(theirs)
    expect(mine[0]).toMatchObject({ name: 'first', n: 42, ok: true, spec: row.spec, tags: row.tags, at: row.at, note: null })
    expect(await client.query('select count(*)::int as c from things where $1::text is null', [null])).toEqual([{ c: 2 }])
  })

  it('prepares a statement once and runs it again from the cache', async () => {
    const statements = createStatementCache(client.db, { prefix: 'once_' })
    const text = 'select n + $1::int as m from things where name = $2'
    for (let i = 0; i < 5; i++) expect(await statements.query(text, [i, 'first'])).toEqual([{ m: 42 + i }])
    expect(statements.size).toBe(1)
    await statements.query('select 1 as one')
    expect(statements.size).toBe(2)
  })

  it('keeps at most its bound, closing the least recently used; a closed one is prepared again', async () => {
    const statements = createStatementCache(client.db, { max: 2, prefix: 'bound_' })
    const texts = ['select 1 as v', 'select 2 as v', 'select 3 as v']
    for (const text of texts) await statements.query(text)
    expect(statements.size).toBe(2)
    for (const text of texts) expect(await statements.query(text)).toEqual([{ v: Number(text.at(-6)) }])
    expect(statements.size).toBe(2)
  })

  it('throws PostgreSQL’s error with its code; a statement that does not parse is not kept', async () => {
    const statements = createStatementCache(client.db, { prefix: 'errors_' })
    await expect(statements.query(insert, params(row))).rejects.toMatchObject({ code: '23505' })
    await expect(statements.query('selec nothing')).rejects.toMatchObject({ code: '42601' })
    expect(statements.size).toBe(1)
    expect(await statements.query('select count(*)::int as c from things')).toEqual([{ c: 2 }])
  })

  it('after a schema change through exec, a prepared select * returns the new shape', async () => {
    const text = 'select * from things where name = $1'
    expect(Object.keys((await client.query<Record<string, unknown>>(text, ['first']))[0]!)).not.toContain('extra')
    await client.exec('alter table things add column extra integer default 7')
    expect((await client.query<Record<string, unknown>>(text, ['first']))[0]).toMatchObject({ extra: 7 })
  })

  it('a statement outside a transaction waits for it instead of running inside it', async () => {
    let inside!: () => void
    const open = new Promise<void>((resolve) => (inside = resolve))
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const tx = client
      .transaction(async (t) => {
        await t.query(insert, params({ ...row, id: 'b5b5b5b5-0000-4000-8000-000000000002', name: 'rolled back' }))
        inside()
        await held
        throw new Error('roll back')
      })
      .catch((error: Error) => error.message)
    await open
    const outside = client.query(insert, params({ ...row, id: 'c6c6c6c6-0000-4000-8000-000000000003', name: 'kept' }))
    release()
    expect(await tx).toBe('roll back')
    await outside
    const names = (await client.query<{ name: string }>('select name from things order by name')).map((r) => r.name)
    expect(names).toEqual(['first', 'kept', 'second'])
  })
})
