/**
 * Fencing through the one write path, on real PGlite and PostgreSQL: a change queued under a
 * leader term is written only while that term is the current one; changes of the API (no term)
 * are never fenced; a batch mixing both writes the current ones. With several servers, a pod
 * write based on an older version than the stored row (or on a row deleted since) does not
 * overwrite it: the row is read back and the change decided again on it — a status report lands
 * on the newer row, a change that no longer applies is dropped.
 */
import { randomUUID } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue, FencedError } from '../state/write-queue'
import { newPendingPod } from '../pods/pending-pod'
import { applyReport } from '../pods/pod-reports'
import { bindPod } from '../pods/transitions'
import { newReadyNode } from '../testing/records'
import { packsRepo } from '../store/packs'
import { podsRepo } from '../store/pods'
import { usersRepo } from '../store/users'
import { openTestDatabase, postgresTestUrl, testEngines } from '../testing/databases'
import { countSocketWrites, portOf } from '../testing/socket-writes'

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

  const plainQueue = () =>
    createWriteQueue({ db, state: createClusterState(), bus: createEventBus(), clock: fakeClock(), log: silentLogger })
  const bumpTerm = async () =>
    Number((await db.query<{ term: string }>('update stark_leader set term = term + 1 returning term'))[0]!.term)
  const setting = async (key: string) => (await db.query('select 1 from settings where key = $1', [key])).length === 1
  const put = (key: string) => (tx: { sql: { query: (t: string, p: unknown[]) => Promise<unknown> } }) =>
    tx.sql.query(`insert into settings (key, value) values ($1, '1')`, [key])

  it('refuses the writes of a term that has passed, and writes those of the current one', async () => {
    const writes = plainQueue()
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

  it.skipIf(engine !== 'postgres')('reads the term in the round trip of the writes it fences, before their commit', async () => {
    const writes = plainQueue()
    const term = await bumpTerm()
    // Every pooled connection prepares the statements once (their first run asks the database to describe them).
    for (let i = 0; i < 12; i++) await writes.asLeader(term).run(put(`fence.warm${i}`))
    const sent = await countSocketWrites(portOf(postgresTestUrl()!), async () => {
      for (let i = 0; i < 10; i++) await writes.asLeader(term).run(put(`fence.rt${i}`))
    })
    // begin, the term's read and the change in one write, the commit in another (four before).
    expect(sent).toBe(20)
    for (let i = 0; i < 10; i++) expect(await setting(`fence.rt${i}`)).toBe(true)
  })

  it.skipIf(engine !== 'postgres')(
    'lets the leader renew its lease while its fenced writes are in flight; taking the lead waits for them',
    async () => {
      const writes = plainQueue()
      const term = await bumpTerm()
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      let entered!: () => void
      const inside = new Promise<void>((r) => (entered = r))
      const write = writes.asLeader(term).run(async (tx) => {
        entered()
        await held
        await put('fence.slow')(tx)
      })
      await inside
      const within = (ms: number, statement: string) =>
        db.transaction(async (tx) => {
          await tx.exec(`set local lock_timeout = '${ms}ms'`)
          await tx.query(statement)
        })
      // The lease renewal goes through; the lock a server taking the lead needs does not.
      await within(5000, 'update stark_leader set renewed_at = now() where id = 1')
      await expect(within(300, 'select 1 from stark_leader where id = 1 for update')).rejects.toThrow(/lock timeout/)
      release()
      await write
      expect(await setting('fence.slow')).toBe(true)
      await within(5000, 'select 1 from stark_leader where id = 1 for update')
    },
  )

  /** A pod of its own (with its owner and pack) written through `writes`. */
  async function newPod(writes: ReturnType<typeof createWriteQueue>, now: number) {
    const owner = (await usersRepo.insert(db, { email: `${randomUUID()}@example.com`, passwordHash: 'x', role: 'user' })).id
    const pack = (await packsRepo.insert(
      db,
      {
        name: `p${randomUUID().slice(0, 8)}`,
        version: '1.0.0',
        ownerId: owner,
        namespace: 'default',
        runtime: 'node',
        visibility: 'private',
        sha256: 'a'.repeat(64),
        size: 1,
        description: null,
      },
      new Uint8Array([1]),
    ))!
    const pod = newPendingPod(
      {
        id: randomUUID(),
        name: `raced-${randomUUID().slice(0, 8)}`,
        namespace: 'default',
        ownerId: owner,
        packId: pack.id,
        spec: { pack: pack.id } as never,
      },
      now,
    )
    await writes.run((tx) => tx.putPod(pod))
    return pod
  }
  const guarded = (clock: ReturnType<typeof fakeClock>, state = createClusterState()) => ({
    state,
    writes: createWriteQueue({ db, state, bus: createEventBus(), clock, log: silentLogger, guardStale: true }),
  })

  it('never overwrites a pod row another server wrote after the version a change was based on', async () => {
    const clock = fakeClock()
    const { state, writes } = guarded(clock)
    const pod = await newPod(writes, clock.now())
    // The leader (another server) starts a new run of the pod; this server has not read it back yet.
    clock.advance(1000)
    const newer = { ...pod, incarnation: 1, status: 'Pending' as const, updatedAt: clock.now() }
    await podsRepo.upsertMany(db, [newer])
    // This server's late word about run 0 is decided again on the stored row, where it no longer applies.
    clock.advance(1000)
    const late = await writes.run((tx) => {
      const current = tx.pod(pod.id)!
      if (current.incarnation !== 0) return 'superseded'
      tx.putPod({ ...current, status: 'Failed', updatedAt: clock.now() })
      return 'written'
    })
    expect(late).toBe('superseded')
    const [stored] = await podsRepo.byIds(db, [pod.id])
    expect([stored!.incarnation, stored!.status]).toEqual([1, 'Pending'])
    expect([state.pods.get(pod.id)!.incarnation, state.pods.get(pod.id)!.status]).toEqual([1, 'Pending'])
    // A write based on the current version goes through.
    await writes.run((tx) => tx.putPod({ ...tx.pod(pod.id)!, status: 'Scheduled', updatedAt: clock.now() }))
    expect((await podsRepo.byIds(db, [pod.id]))[0]!.status).toBe('Scheduled')
  })

  it('applies a status report that lost to a newer write on the stored row, keeping both changes', async () => {
    const clock = fakeClock()
    const { state, writes } = guarded(clock)
    const node = newReadyNode({ name: `n-${randomUUID().slice(0, 8)}` }, clock.now())
    await writes.run((tx) => tx.putNode(node))
    const pod = await newPod(writes, clock.now())
    clock.advance(10)
    await writes.run((tx) => tx.putPod(bindPod(tx.pod(pod.id)!, node.id, tx.now)))
    // Another server changes the same run (its labels) after this server read it.
    clock.advance(1000)
    const [bound] = await podsRepo.byIds(db, [pod.id])
    await podsRepo.upsertMany(db, [{ ...bound!, labels: { tier: 'web' }, updatedAt: clock.now() }])
    // The node's report that the run started reaches this server, whose copy is the older one.
    clock.advance(1000)
    await writes.run((tx) => void applyReport(tx, tx.pod(pod.id)!, { status: 'Running' }, () => {}))
    const [stored] = await podsRepo.byIds(db, [pod.id])
    expect([stored!.status, stored!.labels]).toEqual(['Running', { tier: 'web' }])
    expect([state.pods.get(pod.id)!.status, state.pods.get(pod.id)!.labels]).toEqual(['Running', { tier: 'web' }])
    const history = await podsRepo.history(db, pod.id)
    expect(history.filter((h) => h.status === 'Running')).toHaveLength(1)
  })

  it('does not bring back a pod another server deleted', async () => {
    const clock = fakeClock()
    const { state, writes } = guarded(clock)
    const pod = await newPod(writes, clock.now())
    await podsRepo.deleteMany(db, [pod.id])
    clock.advance(1000)
    const late = await writes.run((tx) => {
      const current = tx.pod(pod.id)
      if (!current) return 'gone'
      tx.putPod({ ...current, message: 'late', updatedAt: clock.now() })
      return 'written'
    })
    expect(late).toBe('gone')
    expect(await podsRepo.byIds(db, [pod.id])).toEqual([])
    expect(state.pods.has(pod.id)).toBe(false)
  })
})
