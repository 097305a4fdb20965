/** The priority classes repository on PGlite and on PostgreSQL, with its RLS policies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { openTestDatabase, testEngines } from '../testing/databases'
import { priorityClassesRepo } from './priority-classes'
import { usersRepo } from './users'

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0)

describe.each(testEngines())('priority classes on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
  })
  afterAll(() => close?.())

  it('insert, list in name order, refuse a duplicate, delete', async () => {
    expect(await priorityClassesRepo.insert(db, { name: 'high', value: 900, description: 'important', createdAt: T0 })).toEqual({
      name: 'high',
      value: 900,
      description: 'important',
      createdAt: T0,
    })
    await priorityClassesRepo.insert(db, { name: 'batch', value: 10, description: null, createdAt: T0 + 1 })
    expect(await priorityClassesRepo.insert(db, { name: 'high', value: 1, description: null, createdAt: T0 })).toBeNull()
    expect((await priorityClassesRepo.list(db)).map((p) => [p.name, p.value])).toEqual([
      ['batch', 10],
      ['high', 900],
    ])
    expect(await priorityClassesRepo.delete(db, 'batch')).toBe(true)
    expect(await priorityClassesRepo.delete(db, 'batch')).toBe(false)
  })

  it('the database refuses values outside 0–1000 and bad names', async () => {
    await expect(
      priorityClassesRepo.insert(db, { name: 'too-high', value: 1001, description: null, createdAt: T0 }),
    ).rejects.toThrow()
    await expect(
      priorityClassesRepo.insert(db, { name: 'Bad_Name', value: 1, description: null, createdAt: T0 }),
    ).rejects.toThrow()
  })

  it('row-level security: any signed-in user reads; nobody writes directly, admins included (the API does)', async () => {
    const admin = await usersRepo.insert(db, { email: `pc-admin-${engine}@example.com`, passwordHash: 'x', role: 'admin' })
    const user = await usersRepo.insert(db, { email: `pc-user-${engine}@example.com`, passwordHash: 'x', role: 'user' })
    const as = (id: string, fn: (tx: SqlClient) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: id, role: 'authenticated' })])
        await tx.exec('set local role authenticated')
        return fn(tx as SqlClient)
      })
    expect(((await as(user.id, (tx) => tx.query('select name from priority_classes'))) as unknown[]).length).toBeGreaterThan(0)
    await expect(as(user.id, (tx) => tx.query(`insert into priority_classes (name, value) values ('mine', 5)`))).rejects.toThrow()
    await expect(
      as(admin.id, (tx) => tx.query(`insert into priority_classes (name, value) values ('ops', 500)`)),
    ).rejects.toThrow(/permission denied/)
    expect((await priorityClassesRepo.list(db)).map((p) => p.name)).not.toContain('ops')
  })
})
