/**
 * Fencing through the one write path, on real PGlite and PostgreSQL: a change queued under a
 * leader term is written only while that term is the current one; changes of the API (no term)
 * are never fenced; a batch mixing both writes the current ones.
 */
import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue, FencedError } from '../state/write-queue'
import { openTestDatabase, testEngines } from '../testing/databases'

describe.each(testEngines())('fencing (%s)', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>
  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error('no database')
    db = opened.db
    close = opened.close
  }, 60_000)
  afterAll(() => close?.())

  const bumpTerm = async () =>
    Number((await db.query<{ term: string }>('update stark_leader set term = term + 1 returning term'))[0]!.term)
  const setting = async (key: string) => (await db.query('select 1 from settings where key = $1', [key])).length === 1
  const put = (key: string) => (tx: { sql: { query: (t: string, p: unknown[]) => Promise<unknown> } }) =>
    tx.sql.query(`insert into settings (key, value) values ($1, '1')`, [key])

  it('refuses the writes of a term that has passed, and writes those of the current one', async () => {
    const writes = createWriteQueue({
      db,
      state: createClusterState(),
      bus: createEventBus(),
      clock: fakeClock(),
      log: silentLogger,
    })
    const old = await bumpTerm()
    await writes.asLeader(old).run(put('fence.a'))
    expect(await setting('fence.a')).toBe(true)

    const current = await bumpTerm()
    const late = writes.asLeader(old).run(put('fence.b'))
    await expect(late).rejects.toBeInstanceOf(FencedError)
    await expect(late).rejects.toThrow(`term ${old}, current ${current}`)
    expect(await setting('fence.b')).toBe(false)

    // In one batch: the stale change is refused, the current leader's and the API's are written.
    const results = await Promise.allSettled([
      writes.asLeader(old).run(put('fence.c')),
      writes.asLeader(current).run(put('fence.d')),
      writes.run(put('fence.e')),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect([await setting('fence.c'), await setting('fence.d'), await setting('fence.e')]).toEqual([false, true, true])
  })
})
